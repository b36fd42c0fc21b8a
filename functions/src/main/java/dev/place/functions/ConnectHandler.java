package dev.place.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.place.shared.auth.ConnectAuthenticator;
import dev.place.shared.auth.InvalidTokenException;
import dev.place.shared.auth.SessionClaims;
import dev.place.shared.auth.UserBannedException;
import dev.place.shared.connection.ConnectionDirectory;
import java.time.Clock;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * {@code $connect}: redeems the single-use connect ticket of the {@code ticket} query parameter (or,
 * deprecated, verifies a session token in {@code token}) and registers the connection, also under
 * its user so that signing out can unregister it. A non-2xx answer makes API Gateway refuse the
 * WebSocket handshake with that status (401, or 403 {@code USER_BANNED}); the body says why.
 */
public final class ConnectHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

  private final ConnectAuthenticator authenticator;
  private final ConnectionDirectory registry;
  private final BiConsumer<String, String> userConnections;
  private final Clock clock;

  public ConnectHandler() {
    this(Dependencies.get().connectAuthenticator(), Dependencies.get().registry(),
        Dependencies.get().userConnections()::add, Clock.systemUTC());
  }

  /** @param userConnections told (user, connection) of each admitted connection */
  ConnectHandler(ConnectAuthenticator authenticator, ConnectionDirectory registry, BiConsumer<String, String> userConnections,
      Clock clock) {
    this.authenticator = authenticator;
    this.registry = registry;
    this.userConnections = userConnections;
    this.clock = clock;
  }

  @Override
  public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
    Map<String, String> query = event.getQueryStringParameters();
    SessionClaims session;
    try {
      session = authenticator.admit(query == null ? null : query.get("ticket"), query == null ? null : query.get("token"),
          clock.instant());
    } catch (UserBannedException e) {
      return refusal(403, HttpAnswers.bannedBody(e));
    } catch (InvalidTokenException e) {
      return refusal(e.getMessage());
    }
    String connectionId = WebSocketResponses.connectionId(event);
    userConnections.accept(session.userId(), connectionId);
    registry.register(connectionId, session.userId());
    return WebSocketResponses.reply(200, null);
  }

  /** The handshake's 401 carries the reason, shaped like the REST API's errors (docs/protocol.md, Connecting). */
  static APIGatewayV2WebSocketResponse refusal(String reason) {
    return refusal(401, "{\"code\":\"UNAUTHORIZED\",\"message\":\"" + reason.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
  }

  /** A refused handshake: API Gateway answers the upgrade with this status (403 for a banned user). */
  private static APIGatewayV2WebSocketResponse refusal(int status, String body) {
    APIGatewayV2WebSocketResponse response = WebSocketResponses.reply(status, body);
    response.setHeaders(Map.of("content-type", "application/json"));
    return response;
  }
}
