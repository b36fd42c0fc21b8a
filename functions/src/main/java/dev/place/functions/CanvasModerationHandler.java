package dev.place.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.place.shared.moderation.CanvasActionStatus;
import dev.place.shared.moderation.CanvasActions;
import dev.place.shared.moderation.ModerationAction;
import dev.place.shared.moderation.ModerationException;
import dev.place.shared.timelapse.Region;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The canvas-changing moderator routes (docs/moderation.md, Rollbacks, reverts and undo), moderators
 * and admins only ({@link ModeratorAccess}): {@code POST /api/v1/mod/previews}, {@code POST
 * /api/v1/mod/rollbacks}, {@code POST /api/v1/mod/reverts}, {@code POST /api/v1/mod/actions/{id}/undo},
 * {@code GET /api/v1/mod/actions/{id}}, {@code GET /api/v1/mod/actions?limit=50}. One function serves
 * them all: the ledger that makes undo exact lives in its execution environment. The rules are
 * {@link CanvasActions}'.
 */
public final class CanvasModerationHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  private final ModeratorAccess access;
  private final Supplier<CanvasActions> actions;
  private final Clock clock;

  public CanvasModerationHandler() {
    this(new ModeratorAccess(Dependencies.get().connectAuthenticator(), Clock.systemUTC()), Dependencies.get()::canvasActions,
        Clock.systemUTC());
  }

  CanvasModerationHandler(ModeratorAccess access, Supplier<CanvasActions> actions, Clock clock) {
    this.access = access;
    this.actions = actions;
    this.clock = clock;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return ModerationAnswers.run(() -> {
      ModeratorAccess.Decision decision = access.check(event);
      if (decision.refusal() != null) {
        return decision.refusal();
      }
      String route = event.getRouteKey() == null ? "" : event.getRouteKey();
      long now = clock.millis();
      try {
        return switch (route) {
          case "POST /api/v1/mod/previews" -> preview(decision, event, now);
          case "POST /api/v1/mod/rollbacks" -> {
            ModerationBody body = ModerationBody.parse(event, Set.of("x", "y", "w", "h", "to", "reason"));
            yield accepted(actions.get().start(decision.moderator(), rollback(body), body.string("reason"), now));
          }
          case "POST /api/v1/mod/reverts" -> {
            ModerationBody body = ModerationBody.parse(event, Set.of("userId", "since", "reason"));
            yield accepted(actions.get().start(decision.moderator(), revert(body), body.string("reason"), now));
          }
          case "POST /api/v1/mod/actions/{id}/undo" -> {
            ModerationBody body = ModerationBody.parse(event, Set.of("reason"));
            yield accepted(actions.get().start(decision.moderator(),
                new ModerationAction.Undo(ModerationAnswers.pathParameter(event, "id")), body.string("reason"), now));
          }
          case "GET /api/v1/mod/actions/{id}" -> HttpAnswers.json(200, "{\"action\":"
              + actions.get().status(decision.moderator(), ModerationAnswers.pathParameter(event, "id")).toJson() + "}");
          case "GET /api/v1/mod/actions" -> {
            StringBuilder json = new StringBuilder("{\"actions\":[");
            String sep = "";
            for (CanvasActionStatus s : actions.get().newest(decision.moderator(), limit(event.getQueryStringParameters()))) {
              json.append(sep).append(s.toJson());
              sep = ",";
            }
            yield HttpAnswers.json(200, json.append("]}").toString());
          }
          default -> throw ModerationException.notFound("no moderator route " + route);
        };
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    });
  }

  private APIGatewayV2HTTPResponse preview(ModeratorAccess.Decision decision, APIGatewayV2HTTPEvent event, long now)
      throws ModerationException, InterruptedException {
    ModerationBody body = ModerationBody.parse(event, Set.of("action", "x", "y", "w", "h", "to", "userId", "since"));
    String kind = body.requiredString("action");
    ModerationAction action = switch (kind) {
      case "rollback" -> rollback(body);
      case "revert" -> revert(body);
      default -> throw ModerationException.badRequest("'action' is rollback or revert, got '" + kind + "'");
    };
    CanvasActions.Preview preview = actions.get().preview(decision.moderator(), action, now);
    Region r = preview.region();
    Base64.Encoder base64 = Base64.getEncoder();
    return HttpAnswers.json(200, "{\"pixelsChanged\":" + preview.pixelsChanged() + ",\"region\":{\"x\":" + r.x() + ",\"y\":" + r.y()
        + ",\"w\":" + r.width() + ",\"h\":" + r.height() + "},\"before\":\"" + base64.encodeToString(preview.beforePng())
        + "\",\"after\":\"" + base64.encodeToString(preview.afterPng()) + "\"}");
  }

  private static ModerationAction rollback(ModerationBody body) throws ModerationException {
    int x = body.requiredInt("x");
    int y = body.requiredInt("y");
    int w = body.requiredInt("w");
    int h = body.requiredInt("h");
    Long to = body.instantMillis("to");
    if (to == null) {
      throw ModerationException.badRequest("a rollback needs 'to', the moment to roll back to");
    }
    try {
      return new ModerationAction.RollbackArea(new Region(x, y, w, h), to);
    } catch (IllegalArgumentException e) {
      throw ModerationException.badRequest(e.getMessage());
    }
  }

  private static ModerationAction revert(ModerationBody body) throws ModerationException {
    String userId = body.requiredString("userId");
    Long since = body.instantMillis("since");
    if (since != null && since < 0) {
      throw ModerationException.badRequest("'since' must not be before 1970");
    }
    try {
      return new ModerationAction.RevertUser(userId, since == null ? 0 : since);
    } catch (IllegalArgumentException e) {
      throw ModerationException.badRequest(e.getMessage());
    }
  }

  private static APIGatewayV2HTTPResponse accepted(CanvasActionStatus status) {
    return HttpAnswers.json(202, "{\"action\":" + status.toJson() + "}");
  }

  private static int limit(Map<String, String> query) throws ModerationException {
    String text = query == null ? null : query.get("limit");
    if (text == null || text.isEmpty()) {
      return 50;
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw ModerationException.badRequest("limit must be a whole number from 1 to 500, got '" + text + "'");
    }
  }
}
