package dev.place.local.apigw;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * First handler of every socket on the WebSocket endpoint; sorts plain HTTP requests into the two things the
 * endpoint serves: the WebSocket upgrade on {@code /{stage}} and the {@code @connections} API on
 * {@code /{stage}/@connections/{id}} (also accepted without the stage, as the endpoint URL is sometimes built
 * without it). Path segments are percent-decoded, so {@code %40connections} and {@code R0oXAdfD0kwCH6w%3D} (how
 * SDKs encode them) work. Anything else gets API Gateway's 403.
 */
final class EntryHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final Logger LOG = LoggerFactory.getLogger(EntryHandler.class);
  private static final String CONNECTIONS = "@connections";

  private final String stage;
  private final ConnectHandshake handshake;
  private final ConnectionsApi connectionsApi;

  EntryHandler(String stage, ConnectHandshake handshake, ConnectionsApi connectionsApi) {
    this.stage = stage;
    this.handshake = handshake;
    this.connectionsApi = connectionsApi;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    if (!request.decoderResult().isSuccess()) {
      GatewayResponses.error(ctx, false, HttpResponseStatus.BAD_REQUEST, "BadRequestException",
          GatewayResponses.message("Bad request"));
      return;
    }
    List<String> segments = segments(new QueryStringDecoder(request.uri()).rawPath());
    if (segments.size() == 1 && segments.get(0).equals(stage) && isUpgrade(request)) {
      handshake.start(ctx, this, request);
      return;
    }
    String connectionId = connectionId(segments);
    if (connectionId != null) {
      connectionsApi.handle(ctx, request, connectionId);
      return;
    }
    GatewayResponses.error(ctx, keepAlive, HttpResponseStatus.FORBIDDEN, "ForbiddenException",
        GatewayResponses.message("Forbidden"));
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // Clients dropping pooled keep-alive connections is routine, not worth a stack trace.
    if (cause instanceof IOException) {
      LOG.debug("HTTP connection failed: {}", cause.toString());
    } else {
      LOG.warn("HTTP request failed", cause);
    }
    ctx.close();
  }

  private String connectionId(List<String> segments) {
    if (segments.size() == 3 && segments.get(0).equals(stage) && segments.get(1).equals(CONNECTIONS)) {
      return segments.get(2);
    }
    if (segments.size() == 2 && segments.get(0).equals(CONNECTIONS)) {
      return segments.get(1);
    }
    return null;
  }

  private static boolean isUpgrade(FullHttpRequest request) {
    return HttpMethod.GET.equals(request.method())
        && request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
        && request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
  }

  // A literal '+' in a path is a plus, not a space, so it is protected from URLDecoder's form decoding.
  static List<String> segments(String rawPath) {
    List<String> segments = new ArrayList<>();
    for (String segment : rawPath.split("/")) {
      if (!segment.isEmpty()) {
        try {
          segments.add(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException malformed) {
          segments.add(segment);
        }
      }
    }
    return segments;
  }
}
