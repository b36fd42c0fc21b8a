package dev.place.fanout;

import dev.place.shared.canvas.TileId;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Where an instance's connections stood, per tile, as the next holder of their bucket needs it: {@code
 * high}, the highest sequence this instance had released or was about to send (so no connection has
 * anything above it), and {@code low}, the sequence up to which every one of its connections had
 * surely been sent everything (at most {@code high}; lower where a connection was behind or the last
 * interval's posts were still on their way). The next holder sends {@code low+1..high} as a run of its
 * own, which a connection that has it ignores by the protocol's rule (its {@code to} is at or below
 * what it has), and continues from {@code high+1}; so a handover repeats nothing a client applies.
 *
 * <p>Bytes: {@code cut2:tx:ty=high[/low],...}, the low omitted when it equals the high.
 */
record HandoverCut(Map<TileId, Long> high, Map<TileId, Long> low) {

  /** Nothing released yet. Distinct from "no cut recorded" (null), which means no catching up. */
  static final HandoverCut EMPTY = new HandoverCut(Map.of(), Map.of());

  private static final String PREFIX = "cut2:";
  /** Written by instances before the low watermark was recorded: one position, taken as both. */
  private static final String FIRST_FORMAT = "cut:";

  HandoverCut {
    high = Map.copyOf(high);
    low = Map.copyOf(low);
  }

  /** What every connection surely has of the tile: the low, else the high, else null (never sent). */
  Long lowOf(TileId tile) {
    Long l = low.get(tile);
    return l != null ? l : high.get(tile);
  }

  /** The cut after one more interval: its tiles' highs move to {@code released}, the lows stay. */
  static HandoverCut of(Map<TileId, Long> high, Map<TileId, Long> low) {
    Map<TileId, Long> lows = new HashMap<>();
    high.forEach((tile, h) -> {
      long l = Math.min(h, low.getOrDefault(tile, 0L));
      if (l < h) {
        lows.put(tile, l);
      }
    });
    return new HandoverCut(high, lows);
  }

  byte[] encode() {
    StringBuilder out = new StringBuilder(PREFIX.length() + high.size() * 16).append(PREFIX);
    high.forEach((tile, h) -> {
      if (out.length() > PREFIX.length()) {
        out.append(',');
      }
      out.append(tile).append('=').append(h);
      Long l = low.get(tile);
      if (l != null && l < h) {
        out.append('/').append(l);
      }
    });
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The cut, or null for none (the bucket had no holder lately: nothing to catch up on). */
  static HandoverCut decode(byte[] bytes) {
    String text = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    String body;
    if (text.startsWith(PREFIX)) {
      body = text.substring(PREFIX.length());
    } else if (text.startsWith(FIRST_FORMAT)) {
      body = text.substring(FIRST_FORMAT.length());
    } else {
      return null;
    }
    Map<TileId, Long> high = new HashMap<>();
    Map<TileId, Long> low = new HashMap<>();
    for (String entry : body.split(",")) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      TileId tile = TileId.parse(entry.substring(0, eq));
      String value = entry.substring(eq + 1);
      int slash = value.indexOf('/');
      if (slash < 0) {
        high.put(tile, Long.parseLong(value));
      } else {
        high.put(tile, Long.parseLong(value.substring(0, slash)));
        low.put(tile, Long.parseLong(value.substring(slash + 1)));
      }
    }
    return new HandoverCut(high, low);
  }
}
