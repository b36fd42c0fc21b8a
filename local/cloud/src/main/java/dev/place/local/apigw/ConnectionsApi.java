package dev.place.local.apigw;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The {@code @connections} management API (service model apigatewaymanagementapi 2018-11-29): PostToConnection,
 * GetConnection, DeleteConnection. An {@code Authorization} header must be present (the SDKs always sign) but the
 * signature is not checked. Errors carry {@code x-amzn-ErrorType} so SDKs throw the modelled exception.
 *
 * <p>PostToConnection data that is valid UTF-8 goes out as a text frame, anything else as a binary frame (AWS does
 * not document the frame type; text is what browser clients of JSON APIs expect).
 */
final class ConnectionsApi {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ConnectionRegistry registry;
  private final ConnectionLifecycle lifecycle;
  private final int maxPostBytes;

  ConnectionsApi(ConnectionRegistry registry, ConnectionLifecycle lifecycle, int maxPostBytes) {
    this.registry = registry;
    this.lifecycle = lifecycle;
    this.maxPostBytes = maxPostBytes;
  }

  void handle(ChannelHandlerContext ctx, FullHttpRequest request, String connectionId) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    HttpMethod method = request.method();
    if (!request.headers().contains(HttpHeaderNames.AUTHORIZATION)) {
      GatewayResponses.error(ctx, keepAlive, HttpResponseStatus.FORBIDDEN, "ForbiddenException",
          GatewayResponses.message("Missing Authentication Token"));
      return;
    }
    if (HttpMethod.POST.equals(method)) {
      post(ctx, keepAlive, connectionId, request.content());
    } else if (HttpMethod.GET.equals(method)) {
      get(ctx, keepAlive, connectionId);
    } else if (HttpMethod.DELETE.equals(method)) {
      delete(ctx, keepAlive, connectionId);
    } else {
      GatewayResponses.error(ctx, keepAlive, HttpResponseStatus.FORBIDDEN, "ForbiddenException",
          GatewayResponses.message("Missing Authentication Token"));
    }
  }

  private void post(ChannelHandlerContext ctx, boolean keepAlive, String connectionId, ByteBuf data) {
    if (data.readableBytes() > maxPostBytes) {
      GatewayResponses.error(ctx, keepAlive, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
          "PayloadTooLargeException", GatewayResponses.message("Message too long"));
      return;
    }
    Optional<Connection> target = registry.find(connectionId);
    if (target.isEmpty()) {
      gone(ctx, keepAlive);
      return;
    }
    byte[] bytes = ByteBufUtil.getBytes(data);
    WebSocketFrame frame = MessageDispatcher.isUtf8(bytes)
        ? new TextWebSocketFrame(Unpooled.wrappedBuffer(bytes))
        : new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes));
    target.get().channel().writeAndFlush(frame).addListener(written -> {
      if (written.isSuccess()) {
        GatewayResponses.empty(ctx, keepAlive, HttpResponseStatus.OK);
      } else {
        gone(ctx, keepAlive);
      }
    });
  }

  private void get(ChannelHandlerContext ctx, boolean keepAlive, String connectionId) {
    Optional<Connection> target = registry.find(connectionId);
    if (target.isEmpty()) {
      gone(ctx, keepAlive);
      return;
    }
    Connection connection = target.get();
    ObjectNode body = JSON.createObjectNode();
    body.put("connectedAt", iso(connection.identity().connectedAt()));
    ObjectNode identity = body.putObject("identity");
    identity.put("sourceIp", connection.identity().sourceIp());
    if (connection.identity().userAgent() != null) {
      identity.put("userAgent", connection.identity().userAgent());
    }
    body.put("lastActiveAt", iso(connection.lastActiveAt()));
    GatewayResponses.json(ctx, keepAlive, HttpResponseStatus.OK, body.toString());
  }

  private void delete(ChannelHandlerContext ctx, boolean keepAlive, String connectionId) {
    Optional<Connection> target = registry.find(connectionId);
    if (target.isEmpty()) {
      gone(ctx, keepAlive);
      return;
    }
    lifecycle.close(target.get(), ConnectionLifecycle.NORMAL, "");
    GatewayResponses.empty(ctx, keepAlive, HttpResponseStatus.NO_CONTENT);
  }

  private static void gone(ChannelHandlerContext ctx, boolean keepAlive) {
    GatewayResponses.error(ctx, keepAlive, HttpResponseStatus.GONE, "GoneException", GatewayResponses.message(null));
  }

  private static String iso(long epochMillis) {
    return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.MILLIS));
  }
}
