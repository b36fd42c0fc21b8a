package dev.place.fanout;

import dev.place.shared.delivery.BinaryBatchCodec;
import dev.place.shared.delivery.Encoding;
import dev.place.shared.delivery.JsonBatchCodec;
import dev.place.shared.delivery.TileRun;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkBytes;

/**
 * Turns runs into PostToConnection payloads for one encoding (docs/protocol.md): JSON text, or the
 * binary batch as standard base64 text (API Gateway has no documented binary frame for it). Every
 * payload stays under {@code maxBytes} (PostToConnection refuses more than 128 KB).
 */
final class GatewayMessages {

  static final int MAX_MESSAGE_BYTES = 120 * 1024;
  /**
   * A coalesced run is never split (docs/protocol.md), and the JSON codec reserves 47 characters a
   * pixel: beyond this many pixels a JSON connection gets a resync run for the tile instead.
   */
  static final int MAX_JSON_COALESCED_PIXELS = 2048;

  private final JsonBatchCodec json;
  private final BinaryBatchCodec binary;
  private final int maxBytes;
  private final int maxBinaryBytes;
  /** Every encoding made: shared ones (one per group per interval) and per-connection backlogs. */
  final LongAdder encodings = new LongAdder();

  GatewayMessages(int tileSize, int maxBytes) {
    if (maxBytes < 1024) {
      throw new IllegalArgumentException("messages of " + maxBytes + " bytes cannot hold a coalesced tile");
    }
    this.json = new JsonBatchCodec(tileSize);
    this.binary = new BinaryBatchCodec(tileSize);
    this.maxBytes = maxBytes;
    // Base64 turns every 3 bytes into 4 characters.
    this.maxBinaryBytes = maxBytes / 4 * 3;
  }

  /** The message carrying {@code runs} (non-empty); its runs are what was actually encoded. */
  OutboundMessage encode(Encoding encoding, List<TileRun> runs, long queuedAt) {
    encodings.increment();
    List<SdkBytes> parts = new ArrayList<>(1);
    if (encoding == Encoding.BINARY) {
      for (byte[] bytes : binary.encode(runs, maxBinaryBytes)) {
        parts.add(SdkBytes.fromByteArrayUnsafe(Base64.getEncoder().encode(bytes)));
      }
      return new OutboundMessage(parts, runs, queuedAt);
    }
    List<TileRun> sendable = fitForJson(runs);
    for (String text : json.encode(sendable, maxBytes)) {
      parts.add(SdkBytes.fromUtf8String(text));
    }
    return new OutboundMessage(parts, sendable, queuedAt);
  }

  private static List<TileRun> fitForJson(List<TileRun> runs) {
    List<TileRun> out = null;
    for (int i = 0; i < runs.size(); i++) {
      TileRun run = runs.get(i);
      boolean tooBig = run.kind() == TileRun.Kind.COALESCED && run.size() > MAX_JSON_COALESCED_PIXELS;
      if (tooBig && out == null) {
        out = new ArrayList<>(runs.subList(0, i));
      }
      if (out != null) {
        out.add(tooBig ? TileRun.resync(run.tile(), run.firstSeq(), run.lastSeq()) : run);
      }
    }
    return out == null ? runs : out;
  }
}
