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
 * <p>Bytes: {@code cut2:tx:ty=high[/low],...}, the low omitted when it equals the high, then for
 * buckets whose lows differ {@code |bN=tx:ty=low,...} (tiles not named there: low = high).
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
    return encode(Map.of());
  }

  /**
   * With the lows of some buckets, where they differ from this cut's (a bucket whose connections are
   * behind): an instance's position names every bucket it holds in one record.
   */
  byte[] encode(Map<Integer, Map<TileId, Long>> bucketLows) {
    StringBuilder out = new StringBuilder(PREFIX.length() + high.size() * 16).append(PREFIX);
    appendEntries(out, high, low);
    bucketLows.forEach((bucket, lows) -> {
      out.append("|b").append(bucket).append('=');
      appendEntries(out, lows, Map.of());
    });
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void appendEntries(StringBuilder out, Map<TileId, Long> values, Map<TileId, Long> lows) {
    boolean first = true;
    for (Map.Entry<TileId, Long> entry : values.entrySet()) {
      if (!first) {
        out.append(',');
      }
      first = false;
      out.append(entry.getKey()).append('=').append(entry.getValue());
      Long l = lows.get(entry.getKey());
      if (l != null && l < entry.getValue()) {
        out.append('/').append(l);
      }
    }
  }

  /** The cut, or null for none (the bucket had no holder lately: nothing to catch up on). */
  static HandoverCut decode(byte[] bytes) {
    return decode(bytes, -1);
  }

  /** The cut for one bucket of a record: the bucket's own lows where the record names them. */
  static HandoverCut decode(byte[] bytes, int bucket) {
    String text = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
    String body;
    if (text.startsWith(PREFIX)) {
      body = text.substring(PREFIX.length());
    } else if (text.startsWith(FIRST_FORMAT)) {
      body = text.substring(FIRST_FORMAT.length());
    } else {
      return null;
    }
    String[] blocks = body.split("\\|");
    Map<TileId, Long> high = new HashMap<>();
    Map<TileId, Long> low = new HashMap<>();
    parseEntries(blocks[0], high, low);
    String mine = "b" + bucket + "=";
    for (int i = 1; i < blocks.length; i++) {
      if (blocks[i].startsWith(mine)) {
        low.clear();
        parseEntries(blocks[i].substring(mine.length()), low, new HashMap<>());
        low.entrySet().removeIf(e -> e.getValue() >= high.getOrDefault(e.getKey(), Long.MIN_VALUE));
      }
    }
    return new HandoverCut(high, low);
  }

  private static void parseEntries(String entries, Map<TileId, Long> values, Map<TileId, Long> lows) {
    for (String entry : entries.split(",")) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      TileId tile = TileId.parse(entry.substring(0, eq));
      String value = entry.substring(eq + 1);
      int slash = value.indexOf('/');
      if (slash < 0) {
        values.put(tile, Long.parseLong(value));
      } else {
        values.put(tile, Long.parseLong(value.substring(0, slash)));
        lows.put(tile, Long.parseLong(value.substring(slash + 1)));
      }
    }
  }
}
