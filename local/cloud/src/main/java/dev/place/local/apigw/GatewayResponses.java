package dev.place.local.apigw;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Plain HTTP answers of the WebSocket endpoint, with the headers AWS SDKs read: {@code x-amzn-RequestId} for the
 * request id and {@code x-amzn-ErrorType} to pick the modelled exception. Without the error type header the Java
 * SDK only throws the service's base exception, not e.g. {@code GoneException}.
 */
final class GatewayResponses {

  private GatewayResponses() {
  }

  static void error(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String errorType,
      String messageJson) {
    FullHttpResponse response = response(status, messageJson);
    response.headers().set("x-amzn-ErrorType", errorType);
    write(ctx, keepAlive, response);
  }

  static void json(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String json) {
    write(ctx, keepAlive, response(status, json));
  }

  static void empty(ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status) {
    write(ctx, keepAlive, response(status, null));
  }

  /** A {"message": ...} body; {@code null} gives the literal null some AWS errors carry. */
  static String message(String text) {
    if (text == null) {
      return "{\"message\":null}";
    }
    return "{\"message\":\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
  }

  static void write(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
    HttpUtil.setContentLength(response, response.content().readableBytes());
    HttpUtil.setKeepAlive(response, keepAlive);
    if (keepAlive) {
      ctx.writeAndFlush(response);
    } else {
      ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static FullHttpResponse response(HttpResponseStatus status, String json) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        json == null ? Unpooled.EMPTY_BUFFER : Unpooled.copiedBuffer(json, StandardCharsets.UTF_8));
    HttpHeaders headers = response.headers();
    headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
    headers.set("x-amzn-RequestId", UUID.randomUUID().toString());
    return response;
  }
}
