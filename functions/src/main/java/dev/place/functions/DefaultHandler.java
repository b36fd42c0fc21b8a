package dev.place.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.place.shared.connection.ConnectionDirectory;
import dev.place.shared.session.ClientRequests;

/**
 * {@code $default} (two-way): {@code hello}, {@code subscribe}, {@code ping} and anything the route
 * selection did not send to {@code place}, answered by {@link ClientRequests}. API Gateway cannot
 * push from inside {@code $connect}, which is why the client's first message is {@code hello}.
 */
public final class DefaultHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

  private final ClientRequests requests;
  private final ConnectionDirectory registry;

  public DefaultHandler() {
    this(Dependencies.get().requests(), Dependencies.get().rememberedUsers());
  }

  DefaultHandler(ClientRequests requests, ConnectionDirectory registry) {
    this.requests = requests;
    this.registry = registry;
  }

  @Override
  public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
    return WebSocketResponses.reply(200, requests.answer(new RegisteredConnection(event, registry), event.getBody()));
  }
}
