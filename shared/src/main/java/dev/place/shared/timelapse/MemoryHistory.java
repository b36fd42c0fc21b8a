package dev.place.shared.timelapse;

import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Events held in memory, e.g. read from the Kafka log (which may hold a tile's events out of order
 * and twice: both are resolved here by (tile, seq)). No checkpoints: replays start blank.
 */
public final class MemoryHistory implements HistorySource {

  private final int tileBytes;
  private final Map<TileId, TileEvents> tiles = new HashMap<>();

  public MemoryHistory(int tileSize, Iterable<PixelEvent> events) {
    this.tileBytes = tileSize * tileSize / 2;
    Map<TileId, List<PixelEvent>> byTile = new HashMap<>();
    for (PixelEvent e : events) {
      byTile.computeIfAbsent(e.tile(), t -> new ArrayList<>()).add(e);
    }
    byTile.forEach((tile, list) -> tiles.put(tile, TileEvents.of(tile, list)));
  }

  @Override
  public TileState start(TileId tile, long atMillis) {
    return new TileState(tile, 0, Long.MIN_VALUE, new byte[tileBytes]);
  }

  @Override
  public TileEvents events(TileState start, long untilMillis) {
    TileEvents all = tiles.get(start.tile());
    TileEvents result = new TileEvents(start.tile(), all == null ? 0 : all.size());
    if (all != null) {
      for (int i = 0; i < all.size(); i++) {
        if (all.seq(i) > start.seq()) {
          result.add(all.seq(i), all.at(i), all.x(i), all.y(i), all.colour(i), all.moderation(i));
        }
      }
    }
    return result;
  }
}
