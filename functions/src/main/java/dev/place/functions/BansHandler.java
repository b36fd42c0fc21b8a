package dev.place.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.place.shared.moderation.Ban;
import dev.place.shared.moderation.BanActions;
import dev.place.shared.moderation.ModerationException;
import dev.place.shared.moderation.ModerationJson;
import java.time.Clock;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The ban routes (docs/moderation.md, Bans), moderators and admins only ({@link ModeratorAccess}):
 * {@code POST /api/v1/mod/bans} {@code {"userId","reason","expiresAt"?}} bans and ends the user's
 * sessions; {@code GET /api/v1/mod/bans/{userId}} shows the ban in force; {@code DELETE
 * /api/v1/mod/bans/{userId}} (optional {@code {"reason"}}) lifts it. The rules are {@link BanActions}'.
 */
public final class BansHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  private final ModeratorAccess access;
  private final Supplier<BanActions> actions;
  private final Clock clock;

  public BansHandler() {
    this(new ModeratorAccess(Dependencies.get().connectAuthenticator(), Clock.systemUTC()), Dependencies.get()::banActions,
        Clock.systemUTC());
  }

  /** @param actions built at the first request: it opens the audit log's Cassandra session */
  BansHandler(ModeratorAccess access, Supplier<BanActions> actions, Clock clock) {
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
        case "POST" -> ban(decision, event);
        case "GET" -> HttpAnswers.json(200, "{\"ban\":" + ModerationJson.ban(
            actions.get().lookup(decision.moderator(), ModerationAnswers.pathParameter(event, "userId"), clock.millis())) + "}");
        case "DELETE" -> unban(decision, event);
        default -> throw ModerationException.badRequest("use POST, GET or DELETE");
      };
    });
  }

  private APIGatewayV2HTTPResponse ban(ModeratorAccess.Decision decision, APIGatewayV2HTTPEvent event) throws ModerationException {
    ModerationBody body = ModerationBody.parse(event, Set.of("userId", "reason", "expiresAt"));
    Long expiresAt = body.instantMillis("expiresAt");
    // An expiry given as 0 or earlier is in the past, not "until lifted" (which is leaving it out).
    long until = expiresAt == null ? 0 : Math.max(1, expiresAt);
    BanActions.Banned banned = actions.get().ban(decision.moderator(), body.requiredString("userId"), body.string("reason"),
        until, clock.millis());
    return HttpAnswers.json(201, "{\"ban\":" + ModerationJson.ban(banned.ban()) + ",\"replaced\":" + ModerationJson.ban(banned.previous())
        + ",\"connectionsClosed\":" + banned.connectionsClosed() + ",\"auditId\":" + ModerationJson.string(banned.auditId()) + "}");
  }

  private APIGatewayV2HTTPResponse unban(ModeratorAccess.Decision decision, APIGatewayV2HTTPEvent event) throws ModerationException {
    ModerationBody body = ModerationBody.parse(event, Set.of("reason"));
    Ban lifted = actions.get().unban(decision.moderator(), ModerationAnswers.pathParameter(event, "userId"), body.string("reason"),
        clock.millis());
    return HttpAnswers.json(200, "{\"lifted\":" + ModerationJson.ban(lifted) + "}");
  }
}
