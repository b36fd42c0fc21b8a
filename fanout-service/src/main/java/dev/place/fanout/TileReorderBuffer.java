package dev.place.fanout;

import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts each tile's events back into sequence order before they are broadcast. Two handlers can
 * publish seq 8 before seq 7 of the same tile; this holds 8 until 7 arrives or until
 * {@code gapWaitMillis} has passed, so clients almost always receive gap-free, increasing
 * sequences. Events older than what was already sent (duplicates from the journal relay, or late
 * ones after a gap was given up on) are dropped: a client that saw the gap resynchronises the tile
 * from its snapshot, which contains them.
 *
 * <p>Not thread-safe; the caller serialises {@link #add} and {@link #drain}.
 */
final class TileReorderBuffer {

  private final long gapWaitMillis;
  private final Map<TileId, TileQueue> tiles = new HashMap<>();

  TileReorderBuffer(long gapWaitMillis) {
    this.gapWaitMillis = gapWaitMillis;
  }

  void add(PixelEvent event, long nowMillis) {
    TileQueue queue = tiles.computeIfAbsent(event.tile(), t -> new TileQueue());
    if (queue.nextExpected != 0 && event.seq() < queue.nextExpected) {
      return;
    }
    if (queue.pending.isEmpty()) {
      queue.waitingSince = nowMillis;
    }
    queue.pending.putIfAbsent(event.seq(), event);
  }

  /** The events ready to broadcast, per tile in increasing sequence order. */
  Map<TileId, List<PixelEvent>> drain(long nowMillis) {
    Map<TileId, List<PixelEvent>> ready = new LinkedHashMap<>();
    for (Map.Entry<TileId, TileQueue> entry : tiles.entrySet()) {
      TileQueue queue = entry.getValue();
      if (queue.pending.isEmpty()) {
        continue;
      }
      List<PixelEvent> out = new ArrayList<>();
      boolean gaveUpWaiting = nowMillis - queue.waitingSince >= gapWaitMillis;
      while (!queue.pending.isEmpty()) {
        long first = queue.pending.firstKey();
        if (queue.nextExpected != 0 && first != queue.nextExpected && !gaveUpWaiting) {
          break;
        }
        out.add(queue.pending.pollFirstEntry().getValue());
        queue.nextExpected = first + 1;
      }
      if (!out.isEmpty() && !queue.pending.isEmpty()) {
        // Progress was made; the wait for the next missing sequence starts now.
        queue.waitingSince = nowMillis;
      }
      if (!out.isEmpty()) {
        ready.put(entry.getKey(), out);
      }
    }
    return ready;
  }

  private static final class TileQueue {
    /** 0 until the first event of the tile has been seen. */
    long nextExpected;
    long waitingSince;
    final TreeMap<Long, PixelEvent> pending = new TreeMap<>();
  }
}
