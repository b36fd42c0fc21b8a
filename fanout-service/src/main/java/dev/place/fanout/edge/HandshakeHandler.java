package dev.place.fanout.edge;

import dev.place.shared.auth.InvalidTokenException;
import dev.place.shared.auth.UserBannedException;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The HTTP part of a connection: {@code GET /?ticket=<ticket>} (or, deprecated, {@code ?token=}) with
 * a WebSocket upgrade and a credential the {@link Admission} accepts becomes a WebSocket (and
 * {@code opened} is told); anything else gets its HTTP answer and is closed: 401 with the
 * credential's problem in the body (as the {@code $connect} handler answers through API Gateway),
 * 403 with the {@code USER_BANNED} JSON for a banned user (the same body as {@code $connect}'s), 503
 * when the credential could not be checked, 426 for a plain request, 404 for another path. {@code GET
 * /health} answers 200 for the load balancer. The handshake removes every HTTP handler, so an open
 * socket carries only the WebSocket codec.
 */
@ChannelHandler.Sharable
final class HandshakeHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  /**
   * Told of every accepted socket, on its event loop, once its 101 is written and the HTTP codec has
   * left the pipeline (so nothing written to it afterwards can meet an HTTP encoder).
   */
  @FunctionalInterface
  interface Opened {
    void open(Channel channel, String userId, String sourceIp);
  }

  static final String HEALTH_PATH = "/health";

  private final Admission admission;
  private final Clock clock;
  private final boolean trustForwardedFor;
  private final WebSocketDecoderConfig decoderConfig;
  private final Opened opened;

  HandshakeHandler(Admission admission, Clock clock, EdgeSettings settings, Opened opened) {
    this.admission = admission;
    this.clock = clock;
    this.trustForwardedFor = settings.trustForwardedFor();
    this.opened = opened;
    this.decoderConfig = WebSocketDecoderConfig.newBuilder()
        .maxFramePayloadLength(settings.maxFrameBytes())
        .allowExtensions(false)
        .closeOnProtocolViolation(true)
        .build();
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    boolean upgrade = request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    if (!upgrade && uri.path().equals(HEALTH_PATH)) {
      refuse(ctx, HttpResponseStatus.OK, "ok");
      return;
    }
    if (!uri.path().equals("/")) {
      refuse(ctx, HttpResponseStatus.NOT_FOUND, "no such path; connect to /?ticket=<ticket>");
      return;
    }
    if (!upgrade || request.method() != HttpMethod.GET) {
      refuse(ctx, HttpResponseStatus.UPGRADE_REQUIRED, "this is a WebSocket endpoint: GET /?ticket=<ticket> with Upgrade: websocket");
      return;
    }
    CompletableFuture<String> user =
        admission.userId(first(uri, "ticket"), first(uri, "token"), clock.instant()).toCompletableFuture();
    if (user.isDone()) {
      admitted(ctx, request, user);
      return;
    }
    // SimpleChannelInboundHandler releases the request when this returns; the answer needs it later.
    request.retain();
    user.whenComplete((id, failure) -> ctx.executor().execute(() -> {
      try {
        admitted(ctx, request, user);
      } finally {
        request.release();
      }
    }));
  }

  private void admitted(ChannelHandlerContext ctx, FullHttpRequest request, CompletableFuture<String> user) {
    String userId;
    try {
      userId = user.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof UserBannedException banned) {
        refuse(ctx, HttpResponseStatus.FORBIDDEN, "application/json", banned.body());
      } else if (e.getCause() instanceof InvalidTokenException refused) {
        refuse(ctx, HttpResponseStatus.UNAUTHORIZED, refused.getMessage());
      } else {
        refuse(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "could not check the ticket; try again");
      }
      return;
    }
    String url = "ws://" + request.headers().get(HttpHeaderNames.HOST, "edge") + request.uri();
    WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(url, null, decoderConfig).newHandshaker(request);
    if (handshaker == null) {
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel()).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    String sourceIp = sourceIp(ctx.channel(), request);
    try {
      // The 101 is written here; the HTTP codec leaves the pipeline once it is out.
      handshaker.handshake(ctx.channel(), request).addListener((ChannelFutureListener) f -> {
        if (f.isSuccess()) {
          opened.open(f.channel(), userId, sourceIp);
        } else {
          f.channel().close();
        }
      });
    } catch (WebSocketHandshakeException e) {
      refuse(ctx, HttpResponseStatus.BAD_REQUEST, e.getMessage());
    }
  }

  private static String first(QueryStringDecoder uri, String name) {
    List<String> values = uri.parameters().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  private String sourceIp(Channel channel, FullHttpRequest request) {
    if (trustForwardedFor) {
      String forwarded = request.headers().get("X-Forwarded-For");
      if (forwarded != null && !forwarded.isBlank()) {
        // The proxy appends the peer it saw; earlier entries are whatever the client claimed.
        return forwarded.substring(forwarded.lastIndexOf(',') + 1).trim();
      }
    }
    return channel.remoteAddress() instanceof InetSocketAddress peer
        ? peer.getAddress().getHostAddress()
        : String.valueOf(channel.remoteAddress());
  }

  private static void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String reason) {
    refuse(ctx, status, "text/plain; charset=utf-8", reason);
  }

  private static void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String contentType, String body) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    response.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, contentType)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
        .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }
}
