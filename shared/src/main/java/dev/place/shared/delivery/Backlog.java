package dev.place.shared.delivery;

import dev.place.shared.canvas.TileId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
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
 * <p>Not thread-safe; the owner synchronises.
 */
public final class Backlog {

  /** A coalesced run of this many pixels costs ~10 KB in binary; beyond it a snapshot is cheaper. */
  public static final int RESYNC_ABOVE_PIXELS = 4096;

  private final Map<TileId, ArrayDeque<TileRun>> tiles = new LinkedHashMap<>();
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
    for (ArrayDeque<TileRun> tile : tiles.values()) {
      runs.addAll(tile);
    }
    tiles.clear();
    pixels = 0;
    return runs;
  }

  private void add(TileRun run) {
    ArrayDeque<TileRun> runs = tiles.computeIfAbsent(run.tile(), t -> new ArrayDeque<>(1));
    TileRun last = runs.peekLast();
    if (last == null || run.firstSeq() > last.lastSeq() + 1) {
      runs.addLast(run);
      pixels += run.size();
      return;
    }
    if (run.lastSeq() <= last.lastSeq()) {
      return; // already covered: a duplicate, or a late event after its gap was passed on
    }
    runs.pollLast();
    pixels -= last.size();
    TileRun merged = merge(last, run);
    runs.addLast(merged);
    pixels += merged.size();
  }

  /** {@code b} starts no later than right after {@code a} and ends after it. */
  static TileRun merge(TileRun a, TileRun b) {
    if (a.kind() == TileRun.Kind.RESYNC || b.kind() == TileRun.Kind.RESYNC) {
      return TileRun.resync(a.tile(), a.firstSeq(), b.lastSeq());
    }
    int[] older = newestPerPixel(a, a.firstSeq());
    // Pixels of b that a already holds (an overlap) are no newer than a's.
    int[] newer = newestPerPixel(b, a.lastSeq() + 1);
    int[] merged = mergeSorted(older, newer);
    if (merged.length > RESYNC_ABOVE_PIXELS) {
      return TileRun.resync(a.tile(), a.firstSeq(), b.lastSeq());
    }
    return TileRun.coalesced(a.tile(), a.firstSeq(), b.lastSeq(), merged);
  }

  /**
   * The run's newest colour per pixel, sorted by index; for a sequence run only the entries from
   * sequence {@code fromSeq} on. A coalesced run is that already, whatever its range.
   */
  private static int[] newestPerPixel(TileRun run, long fromSeq) {
    if (run.kind() == TileRun.Kind.COALESCED) {
      return run.pixels();
    }
    int skip = (int) Math.max(0, fromSeq - run.firstSeq());
    int[] p = run.pixels();
    long[] byIndex = new long[p.length - skip];
    for (int i = skip; i < p.length; i++) {
      // Sorting (index, position) puts a pixel's newest entry last among its own.
      byIndex[i - skip] = (long) TileRun.indexOf(p[i]) << 32 | i;
    }
    Arrays.sort(byIndex);
    int[] out = new int[byIndex.length];
    int n = 0;
    for (int i = 0; i < byIndex.length; i++) {
      if (i + 1 == byIndex.length || (byIndex[i + 1] >>> 32) != (byIndex[i] >>> 32)) {
        out[n++] = p[(int) byIndex[i]];
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** Both sorted by index with one entry per index; {@code newer} wins where both have one. */
  private static int[] mergeSorted(int[] older, int[] newer) {
    int[] out = new int[older.length + newer.length];
    int i = 0;
    int j = 0;
    int n = 0;
    while (i < older.length || j < newer.length) {
      if (j == newer.length || (i < older.length && TileRun.indexOf(older[i]) < TileRun.indexOf(newer[j]))) {
        out[n++] = older[i++];
      } else {
        if (i < older.length && TileRun.indexOf(older[i]) == TileRun.indexOf(newer[j])) {
          i++;
        }
        out[n++] = newer[j++];
      }
    }
    return Arrays.copyOf(out, n);
  }
}
