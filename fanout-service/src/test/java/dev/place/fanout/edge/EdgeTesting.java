package dev.place.fanout.edge;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.ArrayList;
import java.util.List;

/** Client-side framing for tests: what a browser would send and how it would read the server's bytes. */
final class EdgeTesting {

  private EdgeTesting() {}

  /** The frames the server wrote on the channel, decoded as a client decodes them (unmasked, any size). */
  static List<WebSocketFrame> serverFrames(EmbeddedChannel server) {
    EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, 1 << 24));
    Object out;
    while ((out = server.readOutbound()) != null) {
      client.writeInbound(out);
    }
    List<WebSocketFrame> frames = new ArrayList<>();
    Object in;
    while ((in = client.readInbound()) != null) {
      frames.add((WebSocketFrame) in);
    }
    return frames;
  }

  /** A frame as a client puts it on the wire: masked. */
  static ByteBuf clientBytes(WebSocketFrame frame) {
    EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameEncoder(true));
    client.writeOutbound(frame);
    ByteBuf all = client.alloc().buffer();
    Object out;
    while ((out = client.readOutbound()) != null) {
      ByteBuf part = (ByteBuf) out;
      all.writeBytes(part);
      part.release();
    }
    return all;
  }

  static byte[] bytes(WebSocketFrame frame) {
    return ByteBufUtil.getBytes(frame.content());
  }
}
