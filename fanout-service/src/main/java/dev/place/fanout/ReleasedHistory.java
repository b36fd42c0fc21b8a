package dev.place.fanout;

import dev.place.shared.canvas.TileId;
import dev.place.shared.delivery.Backlog;
import dev.place.shared.delivery.TileRun;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What this instance released lately, so that connections it takes over from another instance get
 * exactly what they missed. Per tile, the pixels of the last {@link #CAPACITY} released sequence
 * numbers (a tile's releases are contiguous: sequence runs and resync runs, never a silent gap), and
 * a short log of the per-tile watermarks after each interval, from which the handover cut is taken
 * (docs/architecture.md, Fanout handover).
 *
 * <p>Not thread-safe: used by the interval's thread only.
 */
final class ReleasedHistory {

  /** Beyond this many pixels a snapshot is cheaper than a run (the backlog's resync threshold). */
  static final int CAPACITY = Backlog.RESYNC_ABOVE_PIXELS;
  private static final int UNKNOWN = -1;
  private static final int LOGGED_INTERVALS = 600;
  /** Longest uncertain span sent one run per sequence (about an interval at a busy tile's rate). */
  static final int MAX_SPAN_RUNS = 512;

  record Mark(long releasedAtMillis, Map<TileId, Long> watermarks) {}

  private final Map<TileId, Ring> tiles = new HashMap<>();
  private final ArrayDeque<Mark> log = new ArrayDeque<>();
  private Map<TileId, Long> current = Map.of();

  /** Records one interval's runs (per tile in sequence order), released at {@code nowMillis}. */
  void record(List<TileRun> runs, long nowMillis) {
    if (runs.isEmpty()) {
      return;
    }
    for (TileRun run : runs) {
      Ring ring = tiles.computeIfAbsent(run.tile(), t -> new Ring());
      if (run.kind() == TileRun.Kind.SEQUENCE) {
        int[] p = run.pixels();
        for (int i = 0; i < p.length; i++) {
          ring.put(run.firstSeq() + i, p[i]);
        }
      } else {
        ring.unknown(run.firstSeq(), run.lastSeq());
      }
    }
    Map<TileId, Long> marks = new HashMap<>(current);
    tiles.forEach((tile, ring) -> marks.put(tile, ring.last));
    current = Map.copyOf(marks);
    log.addLast(new Mark(nowMillis, current));
    while (log.size() > LOGGED_INTERVALS) {
      log.removeFirst();
    }
  }

  /** Every tile's highest released sequence. */
  Map<TileId, Long> watermarks() {
    return current;
  }

  /**
   * The watermarks of the last interval released before {@code millis}: what every connection had
   * been sent when nothing older than {@code millis} was waiting anywhere. Empty if none is logged.
   */
  Map<TileId, Long> watermarksBefore(long millis) {
    return before(log, millis);
  }

  private static Map<TileId, Long> before(Iterable<Mark> log, long millis) {
    Map<TileId, Long> found = Map.of();
    for (Mark mark : log) {
      if (mark.releasedAtMillis() >= millis) {
        break;
      }
      found = mark.watermarks();
    }
    return found;
  }

  /** The log of watermarks as it is now, for another thread to take cuts from. */
  Marks marks() {
    return new Marks(List.copyOf(log), current);
  }

  /** An immutable copy of the per-interval watermarks, oldest first, and the newest. */
  record Marks(List<Mark> log, Map<TileId, Long> watermarks) {

    static final Marks NONE = new Marks(List.of(), Map.of());

    Map<TileId, Long> watermarksBefore(long millis) {
      return before(log, millis);
    }
  }

  /**
   * What the connections of a bucket taken over at {@code cut} need to be where this instance is, per
   * tile: the uncertain span {@code low+1..high} as a run of its own (ignored by a connection that has
   * it, applied by one that has not), then a run from {@code high+1} on. A run is a resync run where the
   * history does not reach back that far or holds a resync. Tiles the cut does not name were never sent
   * to those connections: they get this instance's whole history of them, which the client applies or,
   * after a gap, refetches.
   */
  List<TileRun> catchUp(HandoverCut cut) {
    List<TileRun> runs = new ArrayList<>();
    for (Map.Entry<TileId, Ring> entry : tiles.entrySet()) {
      TileId tile = entry.getKey();
      Ring ring = entry.getValue();
      Long high = cut.high().get(tile);
      if (high == null) {
        if (ring.oldest() <= ring.last) {
          runs.add(ring.runFrom(tile, ring.oldest(), ring.last));
        }
        continue;
      }
      long low = cut.lowOf(tile);
      if (low < high && low + 1 <= ring.last) {
        addUncertainSpan(runs, tile, ring, low + 1, Math.min(high, ring.last));
      }
      if (high + 1 <= ring.last) {
        runs.add(ring.runFrom(tile, high + 1, ring.last));
      }
    }
    return runs;
  }

  /**
   * The span a connection may have any prefix of (its last posts may or may not have arrived; it may
   * have been behind), one run per sequence: each is then wholly below what the connection has, and
   * ignored, or wholly above, and applied, so no sequence is applied twice. A span too long for that
   * goes as one run (a client that has part of it applies that part again, harmlessly).
   */
  private static void addUncertainSpan(List<TileRun> runs, TileId tile, Ring ring, long from, long to) {
    TileRun whole = ring.runFrom(tile, from, to);
    if (whole.kind() != TileRun.Kind.SEQUENCE || to - from + 1 > MAX_SPAN_RUNS) {
      runs.add(whole);
      return;
    }
    int[] pixels = whole.pixels();
    for (int i = 0; i < pixels.length; i++) {
      runs.add(TileRun.sequence(tile, from + i, pixels[i]));
    }
  }

  /**
   * When this instance first released something beyond the cut's low (of any tile): the age of a
   * catch-up from that cut, so that the watermark taken "before the oldest update still waiting" never
   * claims a connection has what its catch-up has not delivered yet. 0 when the log does not reach back.
   */
  long releasedBeyondSince(HandoverCut cut) {
    for (Mark mark : log) {
      for (Map.Entry<TileId, Long> tile : mark.watermarks().entrySet()) {
        Long low = cut.lowOf(tile.getKey());
        if (low == null || tile.getValue() > low) {
          return mark == log.peekFirst() ? 0 : mark.releasedAtMillis();
        }
      }
    }
    return Long.MAX_VALUE;
  }

  /** True when this instance has released at least the high of every tile the cut names. */
  boolean reached(HandoverCut cut) {
    for (Map.Entry<TileId, Long> entry : cut.high().entrySet()) {
      Ring ring = tiles.get(entry.getKey());
      if (ring == null || ring.last < entry.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static final class Ring {
    final int[] pixels = new int[CAPACITY];
    /** The highest sequence recorded, and how many sequences before it (inclusive) are held. */
    long last;
    int held;

    void put(long seq, int pixel) {
      advanceTo(seq);
      pixels[(int) (seq % CAPACITY)] = pixel;
    }

    void unknown(long from, long to) {
      if (to - from + 1 >= CAPACITY) {
        last = to;
        held = 0;
        return;
      }
      for (long s = from; s <= to; s++) {
        put(s, UNKNOWN);
      }
    }

    private void advanceTo(long seq) {
      if (held == 0 || seq != last + 1) {
        // Releases are contiguous; anything else starts the history afresh.
        held = 0;
      }
      last = seq;
      held = Math.min(CAPACITY, held + 1);
    }

    long oldest() {
      return last - held + 1;
    }

    TileRun runFrom(TileId tile, long from, long to) {
      if (from < oldest()) {
        return TileRun.resync(tile, from, to);
      }
      int[] out = new int[(int) (to - from + 1)];
      for (long s = from; s <= to; s++) {
        int p = pixels[(int) (s % CAPACITY)];
        if (p == UNKNOWN) {
          return TileRun.resync(tile, from, to);
        }
        out[(int) (s - from)] = p;
      }
      return TileRun.sequence(tile, from, out);
    }
  }
}
