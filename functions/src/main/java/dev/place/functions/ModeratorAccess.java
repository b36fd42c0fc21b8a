package dev.place.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.place.shared.auth.ConnectAuthenticator;
import dev.place.shared.auth.InvalidTokenException;
import dev.place.shared.auth.SessionClaims;
import dev.place.shared.auth.SignInException;
import dev.place.shared.auth.UserBannedException;
import dev.place.shared.moderation.ModerationException;
import dev.place.shared.moderation.Moderators;
import java.time.Clock;

/**
 * The door of every moderator route: {@code Authorization: Bearer <session token>} of a moderator or
 * an admin. A missing, bad, expired or revoked token is 401 {@code UNAUTHORIZED}; a good one of a
 * user or guest is 403 {@code FORBIDDEN}; a banned moderator is 403 {@code USER_BANNED}.
 */
final class ModeratorAccess {

  /** Either the moderator's session or the answer that refuses the request. */
  record Decision(SessionClaims moderator, APIGatewayV2HTTPResponse refusal) {}

  private final ConnectAuthenticator authenticator;
  private final Clock clock;

  ModeratorAccess(ConnectAuthenticator authenticator, Clock clock) {
    this.authenticator = authenticator;
    this.clock = clock;
  }

  Decision check(APIGatewayV2HTTPEvent event) {
    SessionClaims session;
    try {
      session = authenticator.session(HttpAnswers.bearer(event), clock.instant());
    } catch (UserBannedException e) {
      return new Decision(null, HttpAnswers.banned(e));
    } catch (InvalidTokenException e) {
      return new Decision(null, HttpAnswers.error(401, SignInException.UNAUTHORIZED,
          e.getMessage() + " (moderator routes need a moderator's or admin's session token)"));
    }
    try {
      Moderators.require(session);
    } catch (ModerationException e) {
      return new Decision(null, HttpAnswers.error(e.status(), e.code(), e.getMessage()));
    }
    return new Decision(session, null);
  }
}
