package dev.place.local.apigw;

import dev.place.local.lambda.LambdaFunction;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

/**
 * Delivers one complete client message: selects the route (falling back to {@code $default}, whose key the event
 * then carries), invokes the integration at once, concurrently with the connection's other messages still in flight
 * (API Gateway makes no promise of order either: docs/operations.md, "Ordering"), and sends back what API Gateway
 * would: the route response body on two-way routes, or an error frame when there is no route or the integration
 * fails.
 */
final class MessageDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(MessageDispatcher.class);

  private final WebSocketApiSettings settings;
  private final WebSocketEvents events;

  MessageDispatcher(WebSocketApiSettings settings, WebSocketEvents events) {
    this.settings = settings;
    this.events = events;
  }

  // The request time is taken on arrival: a message waiting for a free environment still reports when it came in.
  void textMessage(Connection connection, String text) {
    long receivedAt = System.currentTimeMillis();
    connection.start(() -> deliver(connection, text, false, receivedAt));
  }

  void binaryMessage(Connection connection, byte[] bytes) {
    long receivedAt = System.currentTimeMillis();
    String body = Base64.getEncoder().encodeToString(bytes);
    connection.start(() -> deliver(connection, body, true, receivedAt));
  }

  String selectRoute(String body, boolean binary) {
    if (!binary) {
      String selected = settings.routeSelection().evaluate(body).orElse(null);
      if (selected != null && settings.isMessageRoute(selected)) {
        return selected;
      }
    }
    return WebSocketApiSettings.DEFAULT;
  }

  private CompletableFuture<?> deliver(Connection connection, String body, boolean base64Encoded, long receivedAt) {
    String requestId = ConnectionIds.next();
    String routeKey = selectRoute(body, base64Encoded);
    LambdaFunction function = settings.routes().get(routeKey);
    if (function == null) {
      send(connection, new TextWebSocketFrame(ErrorFrames.forbidden(connection.id(), requestId)));
      return CompletableFuture.completedFuture(null);
    }
    String event = events.message(connection.identity(), routeKey, body, base64Encoded, ConnectionIds.next(),
        requestId, receivedAt);
    return Integration.call(function, event, settings.integrationTimeout()).handle((output, failure) -> {
      if (failure != null) {
        LOG.info("route {} failed for {}: {}", routeKey, connection.id(), failure.toString());
        send(connection, new TextWebSocketFrame(Integration.timedOut(failure)
            ? ErrorFrames.timedOut(connection.id(), requestId)
            : ErrorFrames.internalServerError(connection.id(), requestId)));
      } else if (settings.twoWayRoutes().contains(routeKey)) {
        IntegrationResponse response = IntegrationResponse.parse(output);
        if (response.body() != null) {
          send(connection, frame(response));
        }
      }
      return null;
    });
  }

  private static WebSocketFrame frame(IntegrationResponse response) {
    if (!response.binary() && isUtf8(response.body())) {
      return new TextWebSocketFrame(Unpooled.wrappedBuffer(response.body()));
    }
    return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(response.body()));
  }

  static boolean isUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException notText) {
      return false;
    }
  }

  private static void send(Connection connection, WebSocketFrame frame) {
    if (connection.isOpen()) {
      connection.channel().writeAndFlush(frame);
    } else {
      frame.release();
    }
  }
}
