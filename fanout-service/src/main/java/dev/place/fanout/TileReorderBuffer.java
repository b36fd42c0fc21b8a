package dev.place.fanout;

import dev.place.shared.canvas.TileId;
import dev.place.shared.delivery.TileRun;
import dev.place.shared.event.PixelEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts each tile's events back into sequence order and turns them into the interval's runs, so that
 * every tile's runs only move forward and no sequence is ever skipped without saying so.
 *
 * <ul>
 *   <li>Two handlers can publish seq 8 before seq 7 of the same tile: 8 is held until 7 arrives.
 *   <li>A gap still open after {@code gapWaitMillis} is asked for from the tile's journal in Redis
 *       ({@link Release#gapsToFill()}): a placement missing from Kafka is there until its event is
 *       in the log (its handler's produce is slow, or Kafka is down and the journal relay has not
 *       republished it yet). What the caller finds goes back through {@link #add}, and the tile
 *       continues in order: the late event is delivered live, before Kafka even has it.
 *   <li>A gap still open after {@code giveUpMillis}, and at least {@code gapWaitMillis} after its
 *       journal lookup was asked for (so a process that resumes from a stall asks first), is
 *       released as a resync
 *       run for the missing range (Redis unreachable too), followed by the events after it: clients
 *       reload the tile at the range's end or later, which contains the missing placements. Nothing is dropped silently.
 *   <li>An event at or below what was already released is dropped: it was either released (a
 *       duplicate: the relay republished what the handler's produce also delivered) or lies in a
 *       range already announced by a resync run, whose snapshot contains it. Both are counted.
 * </ul>
 *
 * <p>Not thread-safe; the caller serialises {@link #add} and {@link #drain}. Times come from the
 * caller's clock, so tests drive it.
 */
final class TileReorderBuffer {

  /** A range of a tile's sequence numbers missing for {@code gapWaitMillis}, to look up in its journal. */
  record Gap(TileId tile, long fromSeq, long toSeq) {}

  /** One interval's runs, per tile in sequence order, and the gaps worth looking up now. */
  record Release(List<TileRun> runs, List<Gap> gapsToFill) {
    boolean isEmpty() {
      return runs.isEmpty() && gapsToFill.isEmpty();
    }
  }

  private final long gapWaitMillis;
  private final long giveUpMillis;
  private final int tileSize;
  private final Map<TileId, TileQueue> tiles = new HashMap<>();
  private boolean seeded;
  private long duplicates;
  private long afterResync;
  private long resyncRuns;

  TileReorderBuffer(long gapWaitMillis, long giveUpMillis, int tileSize) {
    if (giveUpMillis < gapWaitMillis) {
      throw new IllegalArgumentException("the give-up wait must not be shorter than the gap wait");
    }
    this.gapWaitMillis = gapWaitMillis;
    this.giveUpMillis = giveUpMillis;
    this.tileSize = tileSize;
  }

  /**
   * Where each tile stood when reading began (its sequence in Redis; the consumer then at the log's
   * end): the next event expected is the one after. From then on a tile not named starts at 1, as a
   * tile's sequence does, so a late event of a tile first seen through a later one (the journal relay
   * republishing what was placed while Kafka was down) is waited for and looked up, not taken as
   * already released. Unseeded, the first event seen of a tile sets where it starts.
   */
  void seed(Map<TileId, Long> sequences) {
    sequences.forEach((tile, seq) -> tiles.computeIfAbsent(tile, t -> new TileQueue()).nextExpected = seq + 1);
    seeded = true;
  }

  void add(PixelEvent event, long nowMillis) {
    TileQueue queue = tiles.computeIfAbsent(event.tile(), t -> {
      TileQueue fresh = new TileQueue();
      fresh.nextExpected = seeded ? 1 : 0;
      return fresh;
    });
    if (queue.nextExpected != 0 && event.seq() < queue.nextExpected) {
      if (event.seq() > queue.resyncedUpTo) {
        duplicates++;
      } else if (queue.coveredByResync(event.seq())) {
        afterResync++;
      } else {
        duplicates++;
      }
      return;
    }
    if (queue.pending.isEmpty()) {
      queue.waitingSince = nowMillis;
    }
    if (queue.pending.putIfAbsent(event.seq(), event) != null) {
      duplicates++;
    }
  }

  /** The runs ready to broadcast, and the gaps that have waited long enough to be looked up. */
  Release drain(long nowMillis) {
    List<TileRun> runs = new ArrayList<>();
    List<Gap> gaps = new ArrayList<>();
    for (Map.Entry<TileId, TileQueue> entry : tiles.entrySet()) {
      TileQueue queue = entry.getValue();
      if (queue.pending.isEmpty()) {
        continue;
      }
      TileId tile = entry.getKey();
      long waited = nowMillis - queue.waitingSince;
      boolean progressed = false;
      List<PixelEvent> consecutive = new ArrayList<>();
      while (!queue.pending.isEmpty()) {
        long first = queue.pending.firstKey();
        if (queue.nextExpected == 0 || first == queue.nextExpected) {
          consecutive.add(queue.pending.pollFirstEntry().getValue());
          queue.nextExpected = first + 1;
          progressed = true;
        } else if (waited >= giveUpMillis && queue.lookedUpFrom == queue.nextExpected
            && nowMillis - queue.lookedUpAt >= gapWaitMillis) {
          flush(tile, consecutive, runs);
          runs.add(TileRun.resync(tile, queue.nextExpected, first - 1));
          queue.rememberResync(queue.nextExpected, first - 1);
          resyncRuns++;
          queue.nextExpected = first;
          progressed = true;
          // A later gap in the same queue starts its own wait: it may have opened only just now.
          waited = Long.MIN_VALUE;
        } else {
          break;
        }
      }
      flush(tile, consecutive, runs);
      if (progressed && !queue.pending.isEmpty()) {
        // The wait for the next missing sequence starts now.
        queue.waitingSince = nowMillis;
        queue.lookedUpFrom = 0;
      } else if (!queue.pending.isEmpty() && waited >= gapWaitMillis && queue.lookedUpFrom != queue.nextExpected) {
        queue.lookedUpFrom = queue.nextExpected;
        queue.lookedUpAt = nowMillis;
        gaps.add(new Gap(tile, queue.nextExpected, queue.pending.firstKey() - 1));
      }
    }
    return new Release(runs, gaps);
  }

  /** Events dropped because they had been released already. */
  long duplicates() {
    return duplicates;
  }

  /** Events that arrived after their range was released as a resync run (covered by its snapshot). */
  long arrivedAfterResync() {
    return afterResync;
  }

  /** Resync runs released for gaps that nothing filled in time. */
  long resyncRuns() {
    return resyncRuns;
  }

  private void flush(TileId tile, List<PixelEvent> consecutive, List<TileRun> runs) {
    if (consecutive.isEmpty()) {
      return;
    }
    int[] pixels = new int[consecutive.size()];
    for (int i = 0; i < pixels.length; i++) {
      PixelEvent e = consecutive.get(i);
      pixels[i] = TileRun.pixel((e.y() % tileSize) * tileSize + e.x() % tileSize, e.colour());
    }
    runs.add(TileRun.sequence(tile, consecutive.get(0).seq(), pixels));
    consecutive.clear();
  }

  private static final class TileQueue {
    private static final int REMEMBERED_RESYNCS = 8;
    /** 0 until the first event of the tile has been seen (unseeded buffers only). */
    long nextExpected;
    long waitingSince;
    /** The gap start last asked for from the journal (0: none), so each gap is looked up once. */
    long lookedUpFrom;
    long lookedUpAt;
    /** The highest sequence released inside a resync run, and the last few such ranges. */
    long resyncedUpTo;
    final long[] resyncFrom = new long[REMEMBERED_RESYNCS];
    final long[] resyncTo = new long[REMEMBERED_RESYNCS];
    int resyncs;
    final TreeMap<Long, PixelEvent> pending = new TreeMap<>();

    void rememberResync(long from, long to) {
      int slot = resyncs++ % REMEMBERED_RESYNCS;
      resyncFrom[slot] = from;
      resyncTo[slot] = to;
      resyncedUpTo = to;
    }

    boolean coveredByResync(long seq) {
      for (int i = 0; i < Math.min(resyncs, REMEMBERED_RESYNCS); i++) {
        if (resyncFrom[i] <= seq && seq <= resyncTo[i]) {
          return true;
        }
      }
      return false;
    }
  }
}
