package dev.place.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.connection.ConnectionDirectory;
import dev.place.shared.placement.Cooldowns;
import dev.place.shared.protocol.ClientMessage;
import dev.place.shared.protocol.ClientMessageParser;
import dev.place.shared.protocol.ErrorCode;
import dev.place.shared.protocol.ProtocolException;
import dev.place.shared.protocol.ServerMessages;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * {@code $default} (two-way): {@code hello} gets the canvas description and the user's cooldown,
 * {@code ping} gets {@code pong}, anything else a clear error. API Gateway cannot push from inside
 * {@code $connect}, which is why the client's first message is {@code hello}.
 */
public final class DefaultHandler implements RequestHandler<APIGatewayV2WebSocketEvent, APIGatewayV2WebSocketResponse> {

  private final ClientMessageParser parser;
  private final ConnectionDirectory registry;
  private final Cooldowns cooldowns;
  private final PlaceConfig config;
  private final Clock clock;
  private final Supplier<CanvasGeometry> canvas;

  public DefaultHandler() {
    this(Dependencies.get().config(), Dependencies.get().registry(), Dependencies.get().cooldowns(), Clock.systemUTC(),
        Dependencies.get().liveCanvas());
  }

  DefaultHandler(PlaceConfig config, ConnectionDirectory registry, Cooldowns cooldowns, Clock clock) {
    this(config, registry, cooldowns, clock,
        () -> new CanvasGeometry(config.canvasWidth(), config.canvasHeight(), config.tileSize()));
  }

  /** {@code canvas} is the live size: hello describes the canvas as it is now, grown or not. */
  DefaultHandler(PlaceConfig config, ConnectionDirectory registry, Cooldowns cooldowns, Clock clock,
      Supplier<CanvasGeometry> canvas) {
    this.canvas = canvas;
    this.parser = new ClientMessageParser(config.maxMessageBytes());
    this.registry = registry;
    this.cooldowns = cooldowns;
    this.config = config;
    this.clock = clock;
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
    long now = clock.millis();
    if (message instanceof ClientMessage.Ping) {
      return ServerMessages.pong(now);
    }
    if (message instanceof ClientMessage.Hello) {
      String connectionId = WebSocketResponses.connectionId(event);
      String userId = registry.userOf(connectionId);
      if (userId == null) {
        return ServerMessages.error(ErrorCode.UNAUTHORIZED, "this connection is not signed in; reconnect with a token");
      }
      long wait = cooldowns.remaining(userId).toMillis();
      return ServerMessages.hello(userId, connectionId, canvas.get(),
          config.cooldown(), wait > 0 ? now + wait : now, now, config.snapshotBaseUrl() + "/latest.json");
    }
    String action = message instanceof ClientMessage.Unknown unknown ? unknown.action() : "place";
    return ServerMessages.error(ErrorCode.UNKNOWN_ACTION,
        action.isEmpty() ? "the message has no \"action\"; use hello, place or ping" : "unknown action '" + action + "'; use hello, place or ping");
  }
}
