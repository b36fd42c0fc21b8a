package dev.place.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.place.shared.moderation.AreaActions;
import dev.place.shared.moderation.ModerationException;
import dev.place.shared.moderation.ModerationJson;
import dev.place.shared.moderation.ProtectedAreas;
import java.time.Clock;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The protected-area routes (docs/moderation.md, Protected areas), moderators and admins only:
 * {@code POST /api/v1/mod/protected-areas} {@code {"x","y","w","h","reason"}} protects a rectangle;
 * {@code GET /api/v1/mod/protected-areas} lists them; {@code DELETE /api/v1/mod/protected-areas/{id}}
 * (optional {@code {"reason"}}) unprotects one. The rules are {@link AreaActions}'.
 */
public final class ProtectedAreasHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  private final ModeratorAccess access;
  private final Supplier<AreaActions> actions;
  private final Clock clock;

  public ProtectedAreasHandler() {
    this(new ModeratorAccess(Dependencies.get().connectAuthenticator(), Clock.systemUTC()), Dependencies.get()::areaActions,
        Clock.systemUTC());
  }

  /** @param actions built at the first request: it opens the audit log's Cassandra session */
  ProtectedAreasHandler(ModeratorAccess access, Supplier<AreaActions> actions, Clock clock) {
    this.access = access;
    this.actions = actions;
    this.clock = clock;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    // The access check reads Redis (revocations, bans) too: inside run, so a failure is a clear 503.
    return ModerationAnswers.run(() -> {
      ModeratorAccess.Decision decision = access.check(event);
      if (decision.refusal() != null) {
        return decision.refusal();
      }
      return switch (ModerationAnswers.method(event)) {
        case "POST" -> protect(decision, event);
        case "GET" -> list(decision);
        case "DELETE" -> unprotect(decision, event);
        default -> throw ModerationException.badRequest("use POST, GET or DELETE");
      };
    });
  }

  private APIGatewayV2HTTPResponse protect(ModeratorAccess.Decision decision, APIGatewayV2HTTPEvent event) throws ModerationException {
    ModerationBody body = ModerationBody.parse(event, Set.of("x", "y", "w", "h", "reason"));
    ProtectedAreas.Area area = actions.get().protect(decision.moderator(), body.requiredInt("x"), body.requiredInt("y"),
        body.requiredInt("w"), body.requiredInt("h"), body.string("reason"), clock.millis());
    return HttpAnswers.json(201, "{\"area\":" + ModerationJson.area(area) + "}");
  }

  private APIGatewayV2HTTPResponse list(ModeratorAccess.Decision decision) throws ModerationException {
    StringBuilder json = new StringBuilder("{\"areas\":[");
    boolean first = true;
    for (ProtectedAreas.Area area : actions.get().list(decision.moderator())) {
      json.append(first ? "" : ",").append(ModerationJson.area(area));
      first = false;
    }
    return HttpAnswers.json(200, json.append("]}").toString());
  }

  private APIGatewayV2HTTPResponse unprotect(ModeratorAccess.Decision decision, APIGatewayV2HTTPEvent event) throws ModerationException {
    ModerationBody body = ModerationBody.parse(event, Set.of("reason"));
    ProtectedAreas.Area area = actions.get().unprotect(decision.moderator(), ModerationAnswers.pathParameter(event, "id"),
        body.string("reason"), clock.millis());
    return HttpAnswers.json(200, "{\"unprotected\":" + ModerationJson.area(area) + "}");
  }
}
