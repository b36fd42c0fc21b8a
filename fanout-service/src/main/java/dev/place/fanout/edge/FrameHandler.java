package dev.place.fanout.edge;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frames of one open WebSocket, behind the frame decoder (which closes with 1009 a frame over the
 * limit), the UTF-8 validator (1007) and the message aggregator: a text message is a request for
 * {@link SerialAnswers}; a binary message closes with 1003, as API Gateway does; a message over the
 * limit closes with 1009; pings are answered; every frame counts as traffic for the idle timeout.
 * Also tells the batch writer when the socket can take more (its backlog goes out then).
 */
final class FrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

  private static final Logger LOG = LoggerFactory.getLogger(FrameHandler.class);

  private final EdgeConnection connection;
  private final LoopConnections loop;
  private final SerialAnswers answers;
  private final BatchWriter writer;
  private final LongSupplier clock;

  FrameHandler(EdgeConnection connection, LoopConnections loop, SerialAnswers answers, BatchWriter writer,
      LongSupplier clock) {
    this.connection = connection;
    this.loop = loop;
    this.answers = answers;
    this.writer = writer;
    this.clock = clock;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    connection.lastReadMillis = clock.getAsLong();
    if (frame instanceof TextWebSocketFrame) {
      answers.submit(connection, frame.content().toString(StandardCharsets.UTF_8));
    } else if (frame instanceof BinaryWebSocketFrame) {
      close(ctx, WebSocketCloseStatus.INVALID_MESSAGE_TYPE, "Binary frames are not supported");
    } else if (frame instanceof PingWebSocketFrame) {
      ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()), ctx.voidPromise());
    } else if (frame instanceof CloseWebSocketFrame close) {
      loop.remove(connection);
      int status = close.statusCode();
      CloseWebSocketFrame echo = status < 0 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(status, close.reasonText());
      ctx.writeAndFlush(echo).addListener(ChannelFutureListener.CLOSE);
    }
    // A pong only counts as traffic.
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (ctx.channel().isWritable()) {
      writer.drain(connection);
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    loop.remove(connection);
    connection.clearBacklog();
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof TooLongFrameException) {
      close(ctx, WebSocketCloseStatus.MESSAGE_TOO_BIG, "Message too big");
    } else if (cause instanceof CorruptedFrameException) {
      // The decoder or the UTF-8 validator has sent the close frame (1002, 1007, 1009) already.
      loop.remove(connection);
    } else if (cause instanceof IOException) {
      LOG.debug("{} lost: {}", connection, cause.toString());
      ctx.close();
    } else {
      LOG.warn("{} failed", connection, cause);
      close(ctx, WebSocketCloseStatus.INTERNAL_SERVER_ERROR, "Internal error");
    }
  }

  private void close(ChannelHandlerContext ctx, WebSocketCloseStatus status, String reason) {
    loop.remove(connection);
    ctx.writeAndFlush(new CloseWebSocketFrame(status.code(), reason)).addListener(ChannelFutureListener.CLOSE);
  }
}
