package dev.place.shared.timelapse;

import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import java.util.Arrays;
import java.util.Collection;

/**
 * A tile's events in sequence order, in primitive arrays: a full-canvas replay holds tens of millions
 * of events, and one object per event would cost ten times the memory and the GC time.
 */
public final class TileEvents {

  private final TileId tile;
  private long[] seq;
  private long[] at;
  private int[] x;
  private int[] y;
  private byte[] colour;
  /** A restore a moderation action wrote ({@link PixelEvent#isModeration()}): kept, so the sequence stays gap-free. */
  private boolean[] moderation;
  private int size;

  public TileEvents(TileId tile, int capacity) {
    this.tile = tile;
    int c = Math.max(capacity, 4);
    seq = new long[c];
    at = new long[c];
    x = new int[c];
    y = new int[c];
    colour = new byte[c];
    moderation = new boolean[c];
  }

  /** Events of one tile, any order, duplicates allowed (Kafka may hold both): sorted by seq, deduplicated. */
  public static TileEvents of(TileId tile, Collection<PixelEvent> events) {
    PixelEvent[] sorted = events.toArray(PixelEvent[]::new);
    Arrays.sort(sorted, (a, b) -> Long.compare(a.seq(), b.seq()));
    TileEvents result = new TileEvents(tile, sorted.length);
    for (PixelEvent e : sorted) {
      if (!e.tile().equals(tile)) {
        throw new IllegalArgumentException("event of tile " + e.tile() + " among events of " + tile);
      }
      if (result.size == 0 || result.seq[result.size - 1] != e.seq()) {
        result.add(e.seq(), e.placedAtMillis(), e.x(), e.y(), e.colour(), e.isModeration());
      }
    }
    return result;
  }

  /** Appends a user's placement; callers append in increasing sequence order. */
  public void add(long s, long atMillis, int px, int py, int c) {
    add(s, atMillis, px, py, c, false);
  }

  /** Appends an event, a moderation restore if {@code restore}; callers append in increasing sequence order. */
  public void add(long s, long atMillis, int px, int py, int c, boolean restore) {
    if (size == seq.length) {
      int n = size * 2;
      seq = Arrays.copyOf(seq, n);
      at = Arrays.copyOf(at, n);
      x = Arrays.copyOf(x, n);
      y = Arrays.copyOf(y, n);
      colour = Arrays.copyOf(colour, n);
      moderation = Arrays.copyOf(moderation, n);
    }
    if (size > 0 && s <= seq[size - 1]) {
      throw new IllegalArgumentException("events must be added in increasing seq order: " + s + " after " + seq[size - 1]);
    }
    seq[size] = s;
    at[size] = atMillis;
    x[size] = px;
    y[size] = py;
    colour[size] = (byte) c;
    moderation[size] = restore;
    size++;
  }

  public TileId tile() {
    return tile;
  }

  public int size() {
    return size;
  }

  public long seq(int i) {
    return seq[i];
  }

  public long at(int i) {
    return at[i];
  }

  public int x(int i) {
    return x[i];
  }

  public int y(int i) {
    return y[i];
  }

  public int colour(int i) {
    return colour[i];
  }

  /** True if event {@code i} is a restore a moderation action wrote. */
  public boolean moderation(int i) {
    return moderation[i];
  }
}
