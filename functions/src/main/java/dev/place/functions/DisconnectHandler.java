package dev.place.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.place.shared.connection.ConnectionDirectory;

/**
 * {@code $disconnect}: forgets the connection. API Gateway delivers this event on a best-effort
 * basis, so the fanout service also drops connections that answer 410 Gone.
 */
public final class DisconnectHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

  private final ConnectionDirectory registry;

  public DisconnectHandler() {
    this(Dependencies.get().registry());
  }

  DisconnectHandler(ConnectionDirectory registry) {
    this.registry = registry;
  }

  @Override
  public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
    registry.unregister(WebSocketResponses.connectionId(event));
    return WebSocketResponses.reply(200, null);
  }
}
