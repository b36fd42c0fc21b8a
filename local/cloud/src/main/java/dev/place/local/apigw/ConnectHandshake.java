package dev.place.local.apigw;

import dev.place.local.lambda.LambdaFunction;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Holds a WebSocket upgrade until the {@code $connect} integration answers, as API Gateway does: a 2xx completes
 * the upgrade (with the integration's headers, e.g. {@code Sec-WebSocket-Protocol}) and only then registers the
 * connection; any other status rejects the upgrade with that status, the integration's headers and body, and a
 * failure of the integration with 500 or 504 and API Gateway's own message. The socket is not read while
 * {@code $connect} runs, so nothing can overtake it. Without a {@code $connect} route every upgrade is accepted.
 */
final class ConnectHandshake {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectHandshake.class);
  private static final Set<String> HANDSHAKE_OWNED_HEADERS = Set.of("connection", "upgrade", "sec-websocket-accept",
      "content-length", "transfer-encoding", "content-type");

  private final WebSocketApiSettings settings;
  private final WebSocketEvents events;
  private final ConnectionLifecycle lifecycle;
  private final MessageDispatcher dispatcher;
  private final WebSocketDecoderConfig decoderConfig;

  ConnectHandshake(WebSocketApiSettings settings, WebSocketEvents events, ConnectionLifecycle lifecycle,
      MessageDispatcher dispatcher) {
    this.settings = settings;
    this.events = events;
    this.lifecycle = lifecycle;
    this.dispatcher = dispatcher;
    this.decoderConfig = WebSocketDecoderConfig.newBuilder()
        .maxFramePayloadLength(settings.maxFrameBytes())
        .allowExtensions(false)
        .closeOnProtocolViolation(true)
        .build();
  }

  void start(ChannelHandlerContext ctx, ChannelHandler entryHandler, FullHttpRequest request) {
    Channel channel = ctx.channel();
    if (!channel.isActive()) {
      return;
    }
    String url = "ws://" + request.headers().get(HttpHeaderNames.HOST, settings.host()) + request.uri();
    WebSocketServerHandshaker handshaker =
        new WebSocketServerHandshakerFactory(url, null, decoderConfig).newHandshaker(request);
    if (handshaker == null) {
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(channel);
      return;
    }
    channel.config().setAutoRead(false);
    request.retain();
    InetSocketAddress peer = (InetSocketAddress) channel.remoteAddress();
    InetSocketAddress local = (InetSocketAddress) channel.localAddress();
    long now = System.currentTimeMillis();
    ClientIdentity client = new ClientIdentity(ConnectionIds.next(), now, peer.getAddress().getHostAddress(),
        request.headers().get(HttpHeaderNames.USER_AGENT));
    CompletableFuture<IntegrationResponse> decision;
    try {
      decision = decide(request, client, local.getPort(), now);
    } catch (RuntimeException unexpected) {
      decision = CompletableFuture.failedFuture(unexpected);
    }
    decision.exceptionally(unexpected -> {
      LOG.warn("$connect of {} could not be run", client.connectionId(), unexpected);
      return new IntegrationResponse(500, List.of(), null, false);
    }).thenAccept(response -> ctx.executor().execute(() -> {
      try {
        finish(ctx, entryHandler, handshaker, request, client, response);
      } finally {
        request.release();
      }
    }));
  }

  private CompletableFuture<IntegrationResponse> decide(FullHttpRequest request, ClientIdentity client, int localPort,
      long now) {
    LambdaFunction connect = settings.routes().get(WebSocketApiSettings.CONNECT);
    if (connect == null) {
      return CompletableFuture.completedFuture(new IntegrationResponse(200, List.of(), null, false));
    }
    QueryStringDecoder query = new QueryStringDecoder(request.uri());
    int mark = request.uri().indexOf('?');
    String rawQuery = mark < 0 ? null : request.uri().substring(mark + 1);
    String event = events.connect(client, request.headers(), localPort, rawQuery, query.parameters(),
        ConnectionIds.next(), now);
    return Integration.call(connect, event, settings.integrationTimeout()).handle((output, failure) -> {
      if (failure == null) {
        return IntegrationResponse.parse(output);
      }
      LOG.info("$connect failed for {}: {}", client.connectionId(), failure.toString());
      int status = Integration.timedOut(failure) ? 504 : 500;
      return new IntegrationResponse(status, List.of(), null, false);
    });
  }

  private void finish(ChannelHandlerContext ctx, ChannelHandler entryHandler, WebSocketServerHandshaker handshaker,
      FullHttpRequest request, ClientIdentity client, IntegrationResponse response) {
    Channel channel = ctx.channel();
    if (!channel.isActive()) {
      // The backend accepted a client that has already left: it must still hear about the disconnect.
      if (response.isSuccess()) {
        lifecycle.closed(new Connection(client, channel));
      }
      return;
    }
    if (!response.isSuccess()) {
      reject(ctx, response);
      return;
    }
    Connection connection = new Connection(client, channel);
    ctx.pipeline().replace(entryHandler, "websocket-frames",
        new FrameHandler(connection, lifecycle, dispatcher, settings.maxMessageBytes(), settings.acceptsBinaryFrames()));
    handshaker.handshake(channel, request, handshakeHeaders(response), channel.newPromise()).addListener(upgraded -> {
      if (upgraded.isSuccess()) {
        lifecycle.established(connection);
        channel.config().setAutoRead(true);
      } else {
        channel.close();
      }
    });
  }

  private static HttpHeaders handshakeHeaders(IntegrationResponse response) {
    HttpHeaders headers = new DefaultHttpHeaders();
    for (Map.Entry<String, String> header : response.headers()) {
      if (!HANDSHAKE_OWNED_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
        headers.add(header.getKey(), header.getValue());
      }
    }
    return headers;
  }

  private static void reject(ChannelHandlerContext ctx, IntegrationResponse response) {
    HttpResponseStatus status = HttpResponseStatus.valueOf(response.statusCode());
    // A refusal by the integration is its own answer, body included (the reason a client can act on, see
    // docs/protocol.md); a failure of the integration gets API Gateway's own message instead.
    byte[] body;
    String contentType;
    if (response.statusCode() >= 500) {
      body = "{\"message\": \"Internal server error\"}".getBytes(StandardCharsets.UTF_8);
      contentType = "application/json";
    } else {
      body = response.body() == null ? new byte[0] : response.body();
      contentType = response.headers().stream()
          .filter(header -> header.getKey().equalsIgnoreCase(HttpHeaderNames.CONTENT_TYPE.toString()))
          .map(Map.Entry::getValue)
          .findFirst()
          .orElse("text/plain; charset=utf-8");
    }
    FullHttpResponse rejection = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
    rejection.headers().add(handshakeHeaders(response));
    if (body.length > 0) {
      rejection.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    }
    HttpUtil.setContentLength(rejection, rejection.content().readableBytes());
    rejection.headers().set(HttpHeaderNames.CONNECTION, "close");
    ctx.writeAndFlush(rejection).addListener(ChannelFutureListener.CLOSE);
  }
}
