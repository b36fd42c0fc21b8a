package dev.place.fanout;

import dev.place.shared.canvas.TileId;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The handover cut's bytes, as the bucket leases record them: per tile, the sequence up to which
 * every connection of this instance has been sent everything, {@code tx:ty=seq,...}.
 */
final class HandoverCuts {

  private HandoverCuts() {}

  /** Always present, so that "nothing sent yet" (an empty cut) differs from "no cut recorded". */
  private static final String PREFIX = "cut:";

  static byte[] encode(Map<TileId, Long> cut) {
    StringBuilder out = new StringBuilder(PREFIX.length() + cut.size() * 12).append(PREFIX);
    cut.forEach((tile, seq) -> {
      if (out.length() > PREFIX.length()) {
        out.append(',');
      }
      out.append(tile).append('=').append(seq);
    });
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The cut, or null for none (the bucket had no holder lately: nothing to catch up on). */
  static Map<TileId, Long> decode(byte[] bytes) {
    String text = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    if (!text.startsWith(PREFIX)) {
      return null;
    }
    Map<TileId, Long> cut = new HashMap<>();
    for (String entry : text.substring(PREFIX.length()).split(",")) {
      int eq = entry.indexOf('=');
      if (eq > 0) {
        cut.put(TileId.parse(entry.substring(0, eq)), Long.parseLong(entry.substring(eq + 1)));
      }
    }
    return cut;
  }
}
