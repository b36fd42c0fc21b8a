package dev.place.local.http;

import dev.place.local.lambda.LambdaFunction;
import dev.place.local.lambda.LambdaInvocationException;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Serves one HTTP connection of an HTTP API: picks the route, invokes its function with a format 2.0 event and
 * writes the mapped response, or API Gateway's own error ({@code 404 Not Found} without a route,
 * {@code 500 Internal Server Error} when the function fails, {@code 503 Service Unavailable} after the integration
 * timeout). Reading pauses while a request is in flight so pipelined requests are answered in order.
 */
final class HttpApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(HttpApiHandler.class);

  private final RouteTable routes;
  private final List<StaticFiles> staticMounts;
  private final HttpApiEvents events;
  private final Duration integrationTimeout;

  HttpApiHandler(RouteTable routes, List<StaticFiles> staticMounts, HttpApiEvents events, Duration integrationTimeout) {
    this.routes = routes;
    this.staticMounts = staticMounts;
    this.events = events;
    this.integrationTimeout = integrationTimeout;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    String requestId = GatewayIds.requestId();
    if (!request.decoderResult().isSuccess()) {
      write(ctx, false, requestId, HttpApiResponse.error(400, "Bad Request"));
      return;
    }
    QueryStringDecoder uri = new QueryStringDecoder(request.uri());
    String method = request.method().name();
    String rawPath = uri.rawPath();
    Optional<RouteTable.Match> match = routes.find(method, rawPath);
    if (match.isEmpty()) {
      Optional<StaticFiles> mount = staticMounts.stream().filter(files -> files.covers(rawPath)).findFirst();
      if (mount.isPresent()) {
        write(ctx, keepAlive, requestId,
            mount.get().serve(method, rawPath, request.headers().get(HttpHeaderNames.IF_NONE_MATCH)));
        return;
      }
      match = routes.defaultRoute();
    }
    if (match.isEmpty()) {
      write(ctx, keepAlive, requestId, HttpApiResponse.notFound());
      return;
    }
    String event = events.event(describe(ctx, request, method, rawPath, uri.rawQuery()), match.get().route().routeKey(),
        match.get().pathParameters(), requestId, System.currentTimeMillis());
    LambdaFunction function = match.get().route().function();
    ctx.channel().config().setAutoRead(false);
    function.invokeAsync(event)
        .orTimeout(integrationTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle((output, failure) -> failure == null
            ? HttpApiResponse.fromLambdaOutput(output)
            : failureResponse(function, failure))
        .thenAccept(response -> ctx.executor().execute(() -> {
          write(ctx, keepAlive, requestId, response);
          ctx.channel().config().setAutoRead(true);
        }));
  }

  private static HttpApiEvents.Request describe(ChannelHandlerContext ctx, FullHttpRequest request, String method,
      String rawPath, String rawQuery) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    request.headers().forEach(headers::add);
    InetSocketAddress peer = (InetSocketAddress) ctx.channel().remoteAddress();
    InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
    return new HttpApiEvents.Request(method, rawPath, rawQuery, request.protocolVersion().text(), headers,
        ByteBufUtil.getBytes(request.content()), peer.getAddress().getHostAddress(), local.getPort());
  }

  private static HttpApiResponse failureResponse(LambdaFunction function, Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    LOG.info("{} failed: {}", function.name(), cause.toString());
    boolean timedOut = cause instanceof TimeoutException
        || cause instanceof LambdaInvocationException invocation
        && invocation.kind() == LambdaInvocationException.Kind.TIMEOUT;
    return timedOut ? HttpApiResponse.serviceUnavailable() : HttpApiResponse.internalServerError();
  }

  private static void write(ChannelHandlerContext ctx, boolean keepAlive, String requestId, HttpApiResponse mapped) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
        HttpResponseStatus.valueOf(mapped.statusCode()), Unpooled.wrappedBuffer(mapped.body()));
    mapped.headers().forEach(header -> response.headers().add(header.getKey(), header.getValue()));
    response.headers().set("apigw-requestid", requestId);
    response.headers().set(HttpHeaderNames.DATE,
        DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
    HttpUtil.setContentLength(response, mapped.body().length);
    HttpUtil.setKeepAlive(response, keepAlive);
    if (keepAlive) {
      ctx.writeAndFlush(response);
    } else {
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("HTTP API connection failed: {}", cause.toString());
    ctx.close();
  }
}
