package dev.place.fanout.edge;

import dev.place.shared.delivery.BinaryBatchCodec;
import dev.place.shared.delivery.Encoding;
import dev.place.shared.delivery.JsonBatchCodec;
import dev.place.shared.delivery.TileRun;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * Whole WebSocket frames from the server, header included, as bytes ready for the socket. A server
 * frame is never masked (RFC 6455, 5.1), so the same bytes are right for every connection: the edge
 * builds a batch's frames once and writes {@code retainedDuplicate()}s of them, which pass the frame
 * encoder untouched (it only encodes {@code WebSocketFrame} objects): no per-connection copy, header or
 * frame object.
 */
final class ServerFrames {

  static final int OPCODE_TEXT = 0x1;
  static final int OPCODE_BINARY = 0x2;
  private static final int FIN = 0x80;

  private final BinaryBatchCodec binary;
  private final JsonBatchCodec json;
  private final int maxBatchBytes;
  private final int maxJsonCoalescedPixels;

  ServerFrames(int tileSize, int maxBatchBytes) {
    this.binary = new BinaryBatchCodec(tileSize);
    this.json = new JsonBatchCodec(tileSize);
    this.maxBatchBytes = maxBatchBytes;
    // JsonBatchCodec reserves ~100 characters a run and 47 a pixel (x, y, colour, each up to 11 digits).
    this.maxJsonCoalescedPixels = (maxBatchBytes - 256) / 47;
  }

  /** The runs as batch frames in the encoding; none for no runs (empty intervals send nothing). */
  ByteBuf[] batch(List<TileRun> runs, Encoding encoding, ByteBufAllocator alloc) {
    if (runs.isEmpty()) {
      return new ByteBuf[0];
    }
    if (encoding == Encoding.BINARY) {
      List<byte[]> messages = binary.encode(runs, maxBatchBytes);
      ByteBuf[] frames = new ByteBuf[messages.size()];
      for (int i = 0; i < frames.length; i++) {
        byte[] payload = messages.get(i);
        frames[i] = header(alloc, OPCODE_BINARY, payload.length).writeBytes(payload);
      }
      return frames;
    }
    List<String> messages = json.encode(fitJson(runs), maxBatchBytes);
    ByteBuf[] frames = new ByteBuf[messages.size()];
    for (int i = 0; i < frames.length; i++) {
      frames[i] = text(messages.get(i), alloc);
    }
    return frames;
  }

  /**
   * A coalesced run is never split over messages, and in JSON one of {@link
   * dev.place.shared.delivery.Backlog#RESYNC_ABOVE_PIXELS} pixels would not fit in one: such a run goes
   * as a resync run instead (the client reloads the tile), the only exact answer that fits.
   */
  private List<TileRun> fitJson(List<TileRun> runs) {
    List<TileRun> fitted = null;
    for (int i = 0; i < runs.size(); i++) {
      TileRun run = runs.get(i);
      if (run.kind() == TileRun.Kind.COALESCED && run.size() > maxJsonCoalescedPixels) {
        if (fitted == null) {
          fitted = new ArrayList<>(runs);
        }
        fitted.set(i, TileRun.resync(run.tile(), run.firstSeq(), run.lastSeq()));
      }
    }
    return fitted == null ? runs : fitted;
  }

  static ByteBuf text(String message, ByteBufAllocator alloc) {
    int length = ByteBufUtil.utf8Bytes(message);
    ByteBuf frame = header(alloc, OPCODE_TEXT, length);
    ByteBufUtil.reserveAndWriteUtf8(frame, message, length);
    return frame;
  }

  /** A buffer holding a final frame's header, with room for its payload. */
  private static ByteBuf header(ByteBufAllocator alloc, int opcode, int payloadLength) {
    int headerLength = payloadLength < 126 ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
    ByteBuf frame = alloc.directBuffer(headerLength + payloadLength);
    frame.writeByte(FIN | opcode);
    if (payloadLength < 126) {
      frame.writeByte(payloadLength);
    } else if (payloadLength <= 0xFFFF) {
      frame.writeByte(126).writeShort(payloadLength);
    } else {
      frame.writeByte(127).writeLong(payloadLength);
    }
    return frame;
  }

  static void releaseAll(ByteBuf[] frames) {
    for (ByteBuf frame : frames) {
      frame.release();
    }
  }
}
