package dev.place.shared.timelapse;

import dev.place.shared.canvas.TileCodec;
import java.io.IOException;
import java.util.List;

/**
 * The events of a region bucketed by the frame that first shows them, ready to replay.
 *
 * <p>Order: events are applied per tile in sequence order, the order Redis applied them. "As of T"
 * means the longest prefix of a tile's events whose placed_at are all &lt;= T (handler clocks may
 * disagree by a few ms, so placed_at is not strictly increasing in seq; cutting at the first later
 * event keeps every frame a state Redis really had). So an event's frame is the first frame whose
 * time is &gt;= the largest placed_at seen so far in its tile. Events of different tiles never touch
 * the same pixel, so their order inside a frame does not matter.
 *
 * <p>Frames are palette indices, one byte per pixel, row-major over the region.
 */
public final class FramePlan {

  /** Receives each frame; {@code pixels} is reused for the next frame, so copy what must be kept. */
  @FunctionalInterface
  public interface FrameSink {
    void frame(int index, byte[] pixels) throws IOException;
  }

  private final Region region;
  private final long[] frameTimes;
  private final byte[] initial;
  private final int[] position;
  private final byte[] colour;
  private final int[] frameStart;

  private FramePlan(Region region, long[] frameTimes, byte[] initial, int[] position, byte[] colour, int[] frameStart) {
    this.region = region;
    this.frameTimes = frameTimes;
    this.initial = initial;
    this.position = position;
    this.colour = colour;
    this.frameStart = frameStart;
  }

  /**
   * Every event applied, moderation's restores too: the canvas as it was.
   *
   * @param frameTimes increasing epoch millis; frame i shows the region as of frameTimes[i]
   * @param starts each tile's starting state (tiles without one start blank at seq 0)
   * @param events each tile's events after its start, in seq order
   */
  public static FramePlan build(Region region, long[] frameTimes, int tileSize, List<TileState> starts, List<TileEvents> events) {
    return build(region, frameTimes, tileSize, starts, events, true);
  }

  /**
   * As {@link #build(Region, long[], int, List, List)}; with {@code restores} false the restores that
   * moderation wrote are not painted, so the frames show only what users placed. They still take part in
   * the "as of T" cut (a restore stamped after T ends the tile's prefix like any event): each frame
   * is then a state Redis really had, minus the restores. The starts must hold no restore either (a
   * checkpoint does: {@link Replays} starts such a plan from seq 0).
   */
  public static FramePlan build(Region region, long[] frameTimes, int tileSize, List<TileState> starts, List<TileEvents> events,
      boolean restores) {
    for (int i = 1; i < frameTimes.length; i++) {
      if (frameTimes[i] < frameTimes[i - 1]) {
        throw new IllegalArgumentException("frame times must not decrease");
      }
    }
    if (frameTimes.length == 0) {
      throw new IllegalArgumentException("no frames");
    }
    byte[] initial = new byte[region.pixels()];
    for (TileState s : starts) {
      paint(region, tileSize, s, initial);
    }
    int frames = frameTimes.length;
    // Two passes (count, then place) make a stable counting sort into exactly sized arrays.
    int[] counts = new int[frames + 1];
    for (TileEvents t : events) {
      int prev = 0;
      for (int i = 0; i < t.size(); i++) {
        int f = Math.max(prev, frameOf(frameTimes, t.at(i)));
        if (f == frames) {
          break;
        }
        prev = f;
        if (region.contains(t.x(i), t.y(i)) && (restores || !t.moderation(i))) {
          counts[f + 1]++;
        }
      }
    }
    int[] frameStart = new int[frames + 1];
    for (int f = 0; f < frames; f++) {
      frameStart[f + 1] = frameStart[f] + counts[f + 1];
    }
    int total = frameStart[frames];
    int[] position = new int[total];
    byte[] colour = new byte[total];
    int[] next = java.util.Arrays.copyOf(frameStart, frames);
    for (TileEvents t : events) {
      int prev = 0;
      for (int i = 0; i < t.size(); i++) {
        int f = Math.max(prev, frameOf(frameTimes, t.at(i)));
        if (f == frames) {
          break;
        }
        prev = f;
        int x = t.x(i);
        int y = t.y(i);
        if (region.contains(x, y) && (restores || !t.moderation(i))) {
          int k = next[f]++;
          position[k] = (y - region.y()) * region.width() + (x - region.x());
          colour[k] = (byte) t.colour(i);
        }
      }
    }
    return new FramePlan(region, frameTimes.clone(), initial, position, colour, frameStart);
  }

  /** The first frame whose time is >= at, or frames.length if none. */
  static int frameOf(long[] frameTimes, long at) {
    int lo = 0;
    int hi = frameTimes.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (frameTimes[mid] < at) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static void paint(Region region, int tileSize, TileState s, byte[] target) {
    int tx0 = s.tile().tx() * tileSize;
    int ty0 = s.tile().ty() * tileSize;
    int x0 = Math.max(region.x(), tx0);
    int x1 = Math.min(region.x() + region.width(), tx0 + tileSize);
    int y0 = Math.max(region.y(), ty0);
    int y1 = Math.min(region.y() + region.height(), ty0 + tileSize);
    byte[] pixels = TileCodec.normalise(s.pixels() == null || s.pixels().length == 0 ? null : s.pixels(), tileSize * tileSize / 2);
    for (int y = y0; y < y1; y++) {
      int row = (y - region.y()) * region.width();
      int tileRow = (y - ty0) * tileSize;
      for (int x = x0; x < x1; x++) {
        target[row + x - region.x()] = (byte) TileCodec.get(pixels, tileRow + x - tx0);
      }
    }
  }

  public Region region() {
    return region;
  }

  public int frames() {
    return frameTimes.length;
  }

  public long frameTime(int i) {
    return frameTimes[i];
  }

  /** Events inside the region that the frames show. */
  public int events() {
    return frameStart[frameTimes.length];
  }

  /** Renders frames [from, to) on its own pixel buffer, so several ranges can render at once. */
  public void render(int from, int to, FrameSink sink) throws IOException {
    byte[] pixels = initial.clone();
    apply(pixels, 0, frameStart[from]);
    for (int f = from; f < to; f++) {
      apply(pixels, frameStart[f], frameStart[f + 1]);
      sink.frame(f, pixels);
    }
  }

  /** Every frame, in order. */
  public void render(FrameSink sink) throws IOException {
    render(0, frames(), sink);
  }

  /** The last frame alone (for "as of T" with a single frame time). */
  public byte[] last() {
    byte[] pixels = initial.clone();
    apply(pixels, 0, events());
    return pixels;
  }

  private void apply(byte[] pixels, int from, int to) {
    int[] p = position;
    byte[] c = colour;
    for (int k = from; k < to; k++) {
      pixels[p[k]] = c[k];
    }
  }

  /** Evenly spaced frame times: frame 0 as of {@code from}, the last as of {@code to}. */
  public static long[] evenTimes(long from, long to, int frames) {
    long[] t = new long[frames];
    for (int i = 0; i < frames; i++) {
      t[i] = frames == 1 ? to : from + Math.round((double) (to - from) * i / (frames - 1));
    }
    t[frames - 1] = to;
    return t;
  }

  /** The region's pixels of one tile in the tile's Redis u4 layout, for byte-for-byte comparison with Redis. */
  public static byte[] toTile(byte[] frame, Region region, int tileSize, dev.place.shared.canvas.TileId tile, byte[] base) {
    byte[] out = base.clone();
    int tx0 = tile.tx() * tileSize;
    int ty0 = tile.ty() * tileSize;
    for (int y = Math.max(region.y(), ty0); y < Math.min(region.y() + region.height(), ty0 + tileSize); y++) {
      for (int x = Math.max(region.x(), tx0); x < Math.min(region.x() + region.width(), tx0 + tileSize); x++) {
        TileCodec.set(out, (y - ty0) * tileSize + (x - tx0), frame[(y - region.y()) * region.width() + (x - region.x())]);
      }
    }
    return out;
  }
}
