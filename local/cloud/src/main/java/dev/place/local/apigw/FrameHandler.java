package dev.place.local.apigw;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the frames of one established connection: reassembles fragmented messages within the message quota (a
 * larger message closes the connection with 1009, as API Gateway does; the per-frame quota is enforced by the
 * frame decoder with the same code), answers pings and the closing handshake, counts client traffic as activity
 * for the idle timeout, and hands complete messages to the dispatcher in arrival order. A binary frame closes the
 * connection with 1003 unless the API has binary media types, as API Gateway does; a text message that is not
 * UTF-8 closes it with 1007, as RFC 6455 (8.1) requires, instead of reaching the backend with replacement characters.
 */
final class FrameHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

  static final int PROTOCOL_ERROR = 1002;
  static final int UNSUPPORTED_DATA = 1003;
  static final int INVALID_PAYLOAD = 1007;
  static final int MESSAGE_TOO_BIG = 1009;
  static final int INTERNAL_ERROR = 1011;

  private static final Logger LOG = LoggerFactory.getLogger(FrameHandler.class);
  private static final String NO_STATUS_REASON = "Client-side close frame status not set";

  private final Connection connection;
  private final ConnectionLifecycle lifecycle;
  private final MessageDispatcher dispatcher;
  private final int maxMessageBytes;
  private final boolean binaryAccepted;
  private CompositeByteBuf fragments;
  private boolean fragmentsAreText;

  FrameHandler(Connection connection, ConnectionLifecycle lifecycle, MessageDispatcher dispatcher,
      int maxMessageBytes, boolean binaryAccepted) {
    this.connection = connection;
    this.lifecycle = lifecycle;
    this.dispatcher = dispatcher;
    this.maxMessageBytes = maxMessageBytes;
    this.binaryAccepted = binaryAccepted;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    // After either side started closing, nothing more reaches the backend.
    if (!connection.isOpen()) {
      return;
    }
    if (frame instanceof CloseWebSocketFrame close) {
      onClose(ctx, close);
      return;
    }
    connection.touch();
    if (frame instanceof PingWebSocketFrame) {
      ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
    } else if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
      onDataFrame(ctx, frame);
    } else if (frame instanceof ContinuationWebSocketFrame) {
      onContinuation(ctx, frame);
    }
    // Pongs only count as activity.
  }

  private void onDataFrame(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (fragments != null) {
      lifecycle.close(connection, PROTOCOL_ERROR, "Expected a continuation frame");
      return;
    }
    boolean text = frame instanceof TextWebSocketFrame;
    if (!text && !binaryAccepted) {
      lifecycle.close(connection, UNSUPPORTED_DATA, "Binary frames are not supported");
      return;
    }
    if (frame.isFinalFragment()) {
      deliver(frame.content(), text);
      return;
    }
    fragments = ctx.alloc().compositeBuffer();
    fragmentsAreText = text;
    append(frame);
  }

  private void onContinuation(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (fragments == null) {
      lifecycle.close(connection, PROTOCOL_ERROR, "Unexpected continuation frame");
      return;
    }
    if (!append(frame)) {
      return;
    }
    if (frame.isFinalFragment()) {
      CompositeByteBuf message = fragments;
      fragments = null;
      try {
        deliver(message, fragmentsAreText);
      } finally {
        message.release();
      }
    }
  }

  private boolean append(WebSocketFrame frame) {
    if (fragments.readableBytes() + frame.content().readableBytes() > maxMessageBytes) {
      releaseFragments();
      lifecycle.close(connection, MESSAGE_TOO_BIG, "Message too big");
      return false;
    }
    fragments.addComponent(true, frame.content().retain());
    return true;
  }

  private void deliver(ByteBuf content, boolean text) {
    if (content.readableBytes() > maxMessageBytes) {
      lifecycle.close(connection, MESSAGE_TOO_BIG, "Message too big");
      return;
    }
    if (text) {
      String message = strictUtf8(content);
      if (message == null) {
        lifecycle.close(connection, INVALID_PAYLOAD, "Invalid UTF-8 in text message");
        return;
      }
      dispatcher.textMessage(connection, message);
    } else {
      dispatcher.binaryMessage(connection, ByteBufUtil.getBytes(content));
    }
  }

  /** The text, or null when the bytes are not well-formed UTF-8 ({@code ByteBuf.toString} would replace them). */
  static String strictUtf8(ByteBuf content) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(content.nioBuffer())
          .toString();
    } catch (CharacterCodingException notUtf8) {
      return null;
    }
  }

  private void onClose(ChannelHandlerContext ctx, CloseWebSocketFrame close) {
    int status = close.statusCode();
    if (status < 0) {
      connection.recordClose(Connection.NO_STATUS, NO_STATUS_REASON);
      ctx.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
    } else {
      connection.recordClose(status, close.reasonText());
      ctx.writeAndFlush(new CloseWebSocketFrame(status, close.reasonText())).addListener(ChannelFutureListener.CLOSE);
    }
    connection.markClosed();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    releaseFragments();
    lifecycle.closed(connection);
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // The frame decoder has already sent the close frame for a protocol violation; remember its status.
    if (cause instanceof CorruptedWebSocketFrameException corrupted && corrupted.closeStatus() != null) {
      String reason = corrupted.getMessage() != null ? corrupted.getMessage() : corrupted.closeStatus().reasonText();
      connection.recordClose(corrupted.closeStatus().code(), reason);
      connection.markClosed();
      return;
    }
    // A dead socket keeps the "abnormal closure" status; anything else is our failure.
    if (cause instanceof IOException) {
      LOG.debug("connection {} lost: {}", connection.id(), cause.toString());
      ctx.close();
      return;
    }
    LOG.warn("connection {} failed", connection.id(), cause);
    lifecycle.close(connection, INTERNAL_ERROR, "Internal error");
  }

  private void releaseFragments() {
    if (fragments != null) {
      fragments.release();
      fragments = null;
    }
  }
}
