package dev.place.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.place.shared.connection.ConnectionDirectory;
import java.util.function.BiConsumer;

/**
 * {@code $disconnect}: forgets the connection, also among its user's. API Gateway delivers this
 * event on a best-effort basis, so the fanout service also drops connections that answer 410 Gone
 * (and a user's connection set expires on its own).
 */
public final class DisconnectHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

  private final ConnectionDirectory registry;
  private final BiConsumer<String, String> userConnectionGone;

  public DisconnectHandler() {
    this(Dependencies.get().registry(), Dependencies.get().userConnections()::remove);
  }

  /** @param userConnectionGone told (user, connection) of each registered connection that closed */
  DisconnectHandler(ConnectionDirectory registry, BiConsumer<String, String> userConnectionGone) {
    this.registry = registry;
    this.userConnectionGone = userConnectionGone;
  }

  @Override
  public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
    String connectionId = WebSocketResponses.connectionId(event);
    String userId = registry.userOf(connectionId);
    registry.unregister(connectionId);
    if (userId != null) {
      userConnectionGone.accept(userId, connectionId);
    }
    return WebSocketResponses.reply(200, null);
  }
}
