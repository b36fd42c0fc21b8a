package dev.place.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.place.shared.connection.ConnectionDirectory;
import dev.place.shared.session.ClientRequests;

/**
 * The {@code place} route (two-way: the returned body is the client's answer): one pixel per
 * message, answered with {@code placed} or an {@code error} by {@link ClientRequests}, the same
 * code the edge runs for its own sockets.
 */
public final class PlaceHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

  private final ClientRequests requests;
  private final ConnectionDirectory registry;

  public PlaceHandler() {
    this(Dependencies.get().requests(), Dependencies.get().rememberedUsers());
  }

  PlaceHandler(ClientRequests requests, ConnectionDirectory registry) {
    this.requests = requests;
    this.registry = registry;
  }

  @Override
  public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
    return WebSocketResponses.reply(200, requests.answer(new RegisteredConnection(event, registry), event.getBody()));
  }
}
