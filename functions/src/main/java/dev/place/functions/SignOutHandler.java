package dev.place.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.place.shared.auth.ConnectAuthenticator;
import dev.place.shared.auth.InvalidTokenException;
import dev.place.shared.auth.SessionClaims;
import dev.place.shared.auth.SessionTerminator;
import dev.place.shared.auth.SignInException;
import java.time.Clock;

/**
 * {@code DELETE /api/v1/session} with {@code Authorization: Bearer <session token>}: signs the user
 * out everywhere ({@link SessionTerminator}: every session issued until now is revoked, the user's
 * open sockets on both paths are closed). Nothing is added to the place path.
 */
public final class SignOutHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  private final ConnectAuthenticator authenticator;
  private final SessionTerminator sessions;
  private final Clock clock;

  public SignOutHandler() {
    this(Dependencies.get().connectAuthenticator(), Dependencies.get().sessionTerminator(), Clock.systemUTC());
  }

  SignOutHandler(ConnectAuthenticator authenticator, SessionTerminator sessions, Clock clock) {
    this.authenticator = authenticator;
    this.sessions = sessions;
    this.clock = clock;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    SessionClaims signedOut;
    try {
      signedOut = authenticator.signingOut(HttpAnswers.bearer(event), clock.instant());
    } catch (InvalidTokenException e) {
      return HttpAnswers.error(401, SignInException.UNAUTHORIZED, e.getMessage());
    }
    int closed = sessions.endAll(signedOut.userId(), clock.millis());
    return HttpAnswers.json(200, "{\"userId\":\"" + signedOut.userId() + "\",\"connectionsClosed\":" + closed + "}");
  }
}
