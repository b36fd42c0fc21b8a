package dev.place.shared.delivery;

import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Turns one interval's ordered events into runs: a new run wherever a tile's sequence has a gap. */
public final class Runs {

  private Runs() {}

  /** {@code byTile}: each tile's events in increasing sequence order (the fanout's reorder buffer). */
  public static List<TileRun> of(Map<TileId, List<PixelEvent>> byTile, int tileSize) {
    List<TileRun> runs = new ArrayList<>(byTile.size());
    CanvasGeometry geometry = new CanvasGeometry(tileSize, tileSize, tileSize);
    for (Map.Entry<TileId, List<PixelEvent>> tile : byTile.entrySet()) {
      List<PixelEvent> events = tile.getValue();
      int start = 0;
      for (int i = 1; i <= events.size(); i++) {
        if (i == events.size() || events.get(i).seq() != events.get(i - 1).seq() + 1) {
          int[] pixels = new int[i - start];
          for (int k = start; k < i; k++) {
            PixelEvent e = events.get(k);
            pixels[k - start] = TileRun.pixel(geometry.indexInTile(e.x(), e.y()), e.colour());
          }
          runs.add(TileRun.sequence(tile.getKey(), events.get(start).seq(), pixels));
          start = i;
        }
      }
    }
    return runs;
  }
}
