package dev.place.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.place.shared.auth.ConnectAuthenticator;
import dev.place.shared.auth.InvalidTokenException;
import dev.place.shared.auth.SessionClaims;
import dev.place.shared.auth.SignInException;
import dev.place.shared.connection.ConnectionDirectory;
import dev.place.shared.redis.RedisUserConnections;
import java.time.Clock;

/**
 * {@code DELETE /api/v1/session} with {@code Authorization: Bearer <session token>}: signs the user
 * out everywhere. Every session of the user issued until now stops buying tickets, and the user's
 * open API Gateway connections are unregistered, so they get no more updates and their placements
 * are answered UNAUTHORIZED, at no cost on the place path.
 */
public final class SignOutHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  private final ConnectAuthenticator authenticator;
  private final RedisUserConnections userConnections;
  private final ConnectionDirectory registry;
  private final Clock clock;

  public SignOutHandler() {
    this(Dependencies.get().connectAuthenticator(), Dependencies.get().userConnections(), Dependencies.get().registry(),
        Clock.systemUTC());
  }

  SignOutHandler(ConnectAuthenticator authenticator, RedisUserConnections userConnections, ConnectionDirectory registry,
      Clock clock) {
    this.authenticator = authenticator;
    this.userConnections = userConnections;
    this.registry = registry;
    this.clock = clock;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    SessionClaims signedOut;
    try {
      signedOut = authenticator.signOut(HttpAnswers.bearer(event), clock.instant());
    } catch (InvalidTokenException e) {
      return HttpAnswers.error(401, SignInException.UNAUTHORIZED, e.getMessage());
    }
    int closed = 0;
    for (String connectionId : userConnections.takeAll(signedOut.userId())) {
      closed += registry.unregister(connectionId) ? 1 : 0;
    }
    return HttpAnswers.json(200, "{\"userId\":\"" + signedOut.userId() + "\",\"connectionsClosed\":" + closed + "}");
  }
}
