package dev.place.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.place.shared.auth.InvalidTokenException;
import dev.place.shared.auth.TokenService;
import dev.place.shared.connection.ConnectionDirectory;
import java.time.Clock;
import java.util.Map;

/**
 * {@code $connect}: verifies the signed token from the {@code token} query parameter and registers
 * the connection. A non-2xx answer makes API Gateway refuse the WebSocket handshake with that status; the
 * body says why.
 */
public final class ConnectHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

  private final TokenService tokens;
  private final ConnectionDirectory registry;
  private final Clock clock;

  public ConnectHandler() {
    this(Dependencies.get().tokens(), Dependencies.get().registry(), Clock.systemUTC());
  }

  ConnectHandler(TokenService tokens, ConnectionDirectory registry, Clock clock) {
    this.tokens = tokens;
    this.registry = registry;
    this.clock = clock;
  }

  @Override
  public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
    Map<String, String> query = event.getQueryStringParameters();
    String userId;
    try {
      userId = tokens.verify(query == null ? null : query.get("token"), clock.instant());
    } catch (InvalidTokenException e) {
      return refusal(e.getMessage());
    }
    registry.register(WebSocketResponses.connectionId(event), userId);
    return WebSocketResponses.reply(200, null);
  }

  /** The handshake's 401 carries the reason, shaped like the REST API's errors (docs/protocol.md, Connecting). */
  static APIGatewayV2WebSocketResponse refusal(String reason) {
    APIGatewayV2WebSocketResponse response = WebSocketResponses.reply(401,
        "{\"code\":\"UNAUTHORIZED\",\"message\":\"" + reason.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
    response.setHeaders(Map.of("content-type", "application/json"));
    return response;
  }
}
