package dev.place.local.bench;

import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Placements as a canvas event produces them: a share on one hot tile (where the crowd paints),
 * the rest uniformly over the canvas; per-tile sequence numbers from 1, as the Redis script
 * assigns them; user ids shaped like guest ids; {@code placed_at} spread at {@code ratePerSecond}
 * ending now. Seeded, so runs are comparable.
 */
final class SyntheticPlacements {

  private SyntheticPlacements() {}

  static List<PixelEvent> generate(int count, int width, int height, int tileSize, TileId hot, double hotShare,
      int ratePerSecond, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<TileId, long[]> seqs = new HashMap<>();
    List<PixelEvent> events = new ArrayList<>(count);
    long end = System.currentTimeMillis();
    long start = end - (long) count * 1000 / ratePerSecond;
    int hotWidth = Math.min(tileSize, width - hot.tx() * tileSize);
    int hotHeight = Math.min(tileSize, height - hot.ty() * tileSize);
    for (int i = 0; i < count; i++) {
      int x;
      int y;
      if (random.nextDouble() < hotShare) {
        x = hot.tx() * tileSize + random.nextInt(hotWidth);
        y = hot.ty() * tileSize + random.nextInt(hotHeight);
      } else {
        x = random.nextInt(width);
        y = random.nextInt(height);
      }
      TileId tile = new TileId(x / tileSize, y / tileSize);
      long seq = ++seqs.computeIfAbsent(tile, t -> new long[1])[0];
      String user = "guest-" + Long.toString(1_000_000_000_000L + random.nextInt(2_000_000), 36);
      events.add(new PixelEvent(tile, seq, x, y, random.nextInt(16), user, start + (long) i * 1000 / ratePerSecond));
    }
    return events;
  }
}
