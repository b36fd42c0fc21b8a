package dev.place.shared.delivery;

import dev.place.shared.canvas.TileId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one connection has not been sent yet because it fell behind. Runs of a tile that follow one
 * another merge into one coalesced run (the newest colour of each changed pixel), so a slow
 * connection's next message carries its whole backlog in at most a tile's worth of pixels and its
 * view ends exact; past {@link #RESYNC_ABOVE_PIXELS} changed pixels a tile becomes a resync run
 * (reload the snapshot). A gap in a tile's sequence stays a gap: the client sees it and resynchronises,
 * as it would have without the backlog.
 *
 * <p>Incremental: a tile's last run, once it has merged anything, is kept as a table of the newest
 * pixel per index (open addressing, at most {@code 2 × RESYNC_ABOVE_PIXELS} slots, 32 KB), so adding
 * an interval's run costs its own pixels, not the whole backlog's again; the run is built once, when
 * the backlog is drained (sorting its pixels). Re-merging the whole run every interval, as this did
 * before, cost 85 µs of CPU per interval for one slow connection with ten busy tiles of 20 new pixels
 * each (growing to 4,000 a tile); incrementally it is 30 µs, drain included (BacklogCostMeasurement,
 * load average 41 on 2 cores, thread CPU time).
 *
 * <p>Not thread-safe; the owner synchronises.
 */
public final class Backlog {

  /** A coalesced run of this many pixels costs ~10 KB in binary; beyond it a snapshot is cheaper. */
  public static final int RESYNC_ABOVE_PIXELS = 4096;

  private final Map<TileId, ArrayDeque<Pending>> tiles = new LinkedHashMap<>();
  private int pixels;

  public boolean isEmpty() {
    return tiles.isEmpty();
  }

  /** Pixels waiting, over all tiles. */
  public int pixels() {
    return pixels;
  }

  /** Adds runs that come after everything already here (per tile, in sequence order). */
  public void add(List<TileRun> runs) {
    for (TileRun run : runs) {
      add(run);
    }
  }

  /** Puts back runs that were sent unsuccessfully: they come before everything already here. */
  public void addFirst(List<TileRun> runs) {
    List<TileRun> later = drain();
    add(runs);
    add(later);
  }

  /** Everything waiting, per tile in sequence order, and empties the backlog. */
  public List<TileRun> drain() {
    List<TileRun> runs = new ArrayList<>();
    for (ArrayDeque<Pending> tile : tiles.values()) {
      for (Pending pending : tile) {
        runs.add(pending.toRun());
      }
    }
    tiles.clear();
    pixels = 0;
    return runs;
  }

  private void add(TileRun run) {
    ArrayDeque<Pending> runs = tiles.computeIfAbsent(run.tile(), t -> new ArrayDeque<>(1));
    Pending last = runs.peekLast();
    if (last == null || run.firstSeq() > last.lastSeq + 1) {
      runs.addLast(new Pending(run));
      pixels += run.size();
      return;
    }
    if (run.lastSeq() <= last.lastSeq) {
      return; // already covered: a duplicate, or a late event after its gap was passed on
    }
    pixels -= last.size();
    last.merge(run);
    pixels += last.size();
  }

  /**
   * One run of a tile while it waits: the run as it came until something merges into it, then the
   * newest pixel per index so far, or nothing once it is a resync.
   */
  private static final class Pending {
    private static final int EMPTY = -1;

    private final TileId tile;
    private final long firstSeq;
    private long lastSeq;
    /** The run as it came; null once merged. */
    private TileRun single;
    private boolean resync;
    /** Open addressing by pixel index; each slot holds the packed pixel (index and colour) or EMPTY. */
    private int[] table;
    private int count;

    Pending(TileRun run) {
      this.tile = run.tile();
      this.firstSeq = run.firstSeq();
      this.lastSeq = run.lastSeq();
      this.single = run;
      this.resync = run.kind() == TileRun.Kind.RESYNC;
    }

    int size() {
      return single != null ? single.size() : resync ? 0 : count;
    }

    void merge(TileRun b) {
      long after = lastSeq + 1;
      lastSeq = b.lastSeq();
      if (resync || b.kind() == TileRun.Kind.RESYNC) {
        becomeResync();
        return;
      }
      if (single != null) {
        TileRun a = single;
        single = null;
        table = new int[tableSizeFor(a.size() + b.size())];
        java.util.Arrays.fill(table, EMPTY);
        // In sequence order: a pixel painted twice keeps its later colour.
        for (int p : a.pixels()) {
          put(p);
        }
      }
      int[] p = b.pixels();
      // Pixels of a sequence run that the run so far already holds are no newer than its own; a
      // coalesced run is newest-per-pixel already, whatever its range.
      int from = b.kind() == TileRun.Kind.SEQUENCE ? (int) Math.max(0, after - b.firstSeq()) : 0;
      for (int i = from; i < p.length && !resync; i++) {
        put(p[i]);
        if (count > RESYNC_ABOVE_PIXELS) {
          becomeResync();
        }
      }
    }

    private void becomeResync() {
      resync = true;
      single = null;
      table = null;
      count = 0;
    }

    private void put(int pixel) {
      // Half full at most, but never past 2 × RESYNC_ABOVE_PIXELS slots: beyond that it is a resync.
      if ((count + 1) * 2 > table.length && table.length < 2 * RESYNC_ABOVE_PIXELS) {
        grow();
      }
      int mask = table.length - 1;
      int index = TileRun.indexOf(pixel);
      for (int slot = mix(index) & mask; ; slot = (slot + 1) & mask) {
        int held = table[slot];
        if (held == EMPTY) {
          table[slot] = pixel;
          count++;
          return;
        }
        if (TileRun.indexOf(held) == index) {
          table[slot] = pixel;
          return;
        }
      }
    }

    private void grow() {
      int[] old = table;
      table = new int[old.length * 2];
      java.util.Arrays.fill(table, EMPTY);
      count = 0;
      for (int held : old) {
        if (held != EMPTY) {
          put(held);
        }
      }
    }

    TileRun toRun() {
      if (single != null) {
        return single;
      }
      if (resync) {
        return TileRun.resync(tile, firstSeq, lastSeq);
      }
      int[] out = new int[count];
      int n = 0;
      for (int held : table) {
        if (held != EMPTY) {
          out[n++] = held;
        }
      }
      // Packed pixels are index-major: sorting them sorts by index.
      java.util.Arrays.sort(out);
      return TileRun.coalesced(tile, firstSeq, lastSeq, out);
    }

    private static int tableSizeFor(int entries) {
      int size = 16;
      while (size < entries * 2 && size < 2 * RESYNC_ABOVE_PIXELS) {
        size <<= 1;
      }
      return size;
    }

    private static int mix(int index) {
      return index * 0x9E3779B1 >>> 16;
    }
  }
}
