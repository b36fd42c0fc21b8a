package dev.place.shared.snapshot;

import dev.place.shared.canvas.TileId;
import dev.place.shared.placement.CanvasStore.TileSnapshot;
import java.util.List;
import java.util.Map;

/** Where the publisher reads tiles from: the live canvas (Redis). */
public interface TileSource {

  /** The current sequence of each tile (0 for a tile never written); cheap, read every second. */
  Map<TileId, Long> sequences(List<TileId> tiles);

  /** The tile's pixels and the sequence they reflect, read atomically. */
  TileSnapshot snapshot(TileId tile);
}
