package dev.place.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.place.shared.connection.ConnectionDirectory;
import dev.place.shared.placement.PlacementFailedException;
import dev.place.shared.placement.PlacementOutcome;
import dev.place.shared.placement.PlacementService;
import dev.place.shared.protocol.ClientMessage;
import dev.place.shared.protocol.ClientMessageParser;
import dev.place.shared.protocol.ErrorCode;
import dev.place.shared.protocol.ProtocolException;
import dev.place.shared.protocol.ServerMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code place} route (two-way: the returned body is the client's answer): one pixel per
 * message, answered with {@code placed} or an {@code error}.
 */
public final class PlaceHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

  private static final Logger LOG = LoggerFactory.getLogger(PlaceHandler.class);

  private final ClientMessageParser parser;
  private final ConnectionDirectory registry;
  private final PlacementService placement;

  public PlaceHandler() {
    this(new ClientMessageParser(Dependencies.get().config().maxMessageBytes()),
        Dependencies.get().registry(), Dependencies.get().placement());
  }

  PlaceHandler(ClientMessageParser parser, ConnectionDirectory registry, PlacementService placement) {
    this.parser = parser;
    this.registry = registry;
    this.placement = placement;
  }

  @Override
  public APIGatewayV2WebSocketResponse handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
    return WebSocketResponses.reply(200, answer(event));
  }

  private String answer(APIGatewayV2WebSocketEvent event) {
    ClientMessage message;
    try {
      message = parser.parse(event.getBody());
    } catch (ProtocolException e) {
      return ServerMessages.error(e.code(), e.getMessage());
    }
    if (!(message instanceof ClientMessage.Place place)) {
      // Only reachable when a route is misconfigured: API Gateway sends action "place" here.
      return ServerMessages.error(ErrorCode.UNKNOWN_ACTION, "this route only takes {\"action\":\"place\"}");
    }
    String userId = registry.userOf(WebSocketResponses.connectionId(event));
    if (userId == null) {
      return ServerMessages.error(ErrorCode.UNAUTHORIZED, "this connection is not signed in; reconnect with a token");
    }
    try {
      PlacementOutcome outcome = placement.place(userId, WebSocketResponses.sourceIp(event), place.x(), place.y(), place.colour());
      if (outcome instanceof PlacementOutcome.Placed placed) {
        var e = placed.event();
        return ServerMessages.placed(e.x(), e.y(), e.colour(), e.tile(), e.seq(), placed.nextPlacementAtMillis());
      }
      PlacementOutcome.Rejected rejected = (PlacementOutcome.Rejected) outcome;
      return rejected.retryAfter() == null
          ? ServerMessages.error(rejected.code(), rejected.message())
          : ServerMessages.retryableError(rejected.code(), rejected.message(), rejected.retryAfter(), rejected.retryAtMillis());
    } catch (PlacementFailedException | IllegalStateException e) {
      LOG.error("placement failed for {}", userId, e);
      return ServerMessages.error(ErrorCode.INTERNAL, "the server could not place the pixel; nothing was placed, try again");
    }
  }
}
