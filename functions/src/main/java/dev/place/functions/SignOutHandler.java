package dev.place.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.place.shared.auth.ConnectAuthenticator;
import dev.place.shared.auth.InvalidTokenException;
import dev.place.shared.auth.SessionClaims;
import dev.place.shared.auth.SignInException;
import dev.place.shared.auth.SignOutNotices;
import dev.place.shared.connection.ConnectionCloser;
import dev.place.shared.connection.ConnectionDirectory;
import dev.place.shared.redis.RedisUserConnections;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code DELETE /api/v1/session} with {@code Authorization: Bearer <session token>}: signs the user
 * out everywhere. Every session of the user issued until now stops buying tickets; the user's open
 * API Gateway connections are unregistered and closed ({@code @connections} DELETE), so nothing more
 * is routed from them (a place environment that remembers a connection's user never hears from it
 * again); and the edge instances are told to close the user's sockets there. Nothing is added to the
 * place path.
 */
public final class SignOutHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  private static final Logger LOG = LoggerFactory.getLogger(SignOutHandler.class);

  private final ConnectAuthenticator authenticator;
  private final RedisUserConnections userConnections;
  private final ConnectionDirectory registry;
  private final ConnectionCloser closer;
  private final SignOutNotices notices;
  private final Clock clock;

  public SignOutHandler() {
    this(Dependencies.get().connectAuthenticator(), Dependencies.get().userConnections(), Dependencies.get().registry(),
        Dependencies.get().connectionCloser(), Dependencies.get().signOutNotices(), Clock.systemUTC());
  }

  SignOutHandler(ConnectAuthenticator authenticator, RedisUserConnections userConnections, ConnectionDirectory registry,
      ConnectionCloser closer, SignOutNotices notices, Clock clock) {
    this.authenticator = authenticator;
    this.userConnections = userConnections;
    this.registry = registry;
    this.closer = closer;
    this.notices = notices;
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
      boolean registered = registry.unregister(connectionId);
      closed += (close(connectionId) || registered) ? 1 : 0;
    }
    notices.announce(signedOut.userId());
    return HttpAnswers.json(200, "{\"userId\":\"" + signedOut.userId() + "\",\"connectionsClosed\":" + closed + "}");
  }

  /**
   * A failed close leaves a socket open but unregistered: it receives no updates and its placements
   * are answered UNAUTHORIZED except by an environment that remembers its user, until it ends (2 h at
   * most). The sign-out itself has happened, so it is not failed for that.
   */
  private boolean close(String connectionId) {
    try {
      return closer.close(connectionId);
    } catch (RuntimeException e) {
      LOG.warn("signed out, but could not close connection {}: {}", connectionId, e.toString());
      return false;
    }
  }
}
