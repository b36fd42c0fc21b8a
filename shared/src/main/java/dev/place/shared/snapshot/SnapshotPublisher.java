package dev.place.shared.snapshot;

import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.canvas.TileId;
import dev.place.shared.placement.CanvasStore.TileSnapshot;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One publishing pass: every tile whose sequence moved since the last pass is written as a new
 * immutable version, then the index is replaced, in that order, so the index only ever names
 * versions that exist. Unchanged passes write nothing (the index keeps its ETag). Not thread-safe:
 * one scheduler thread calls it.
 */
public final class SnapshotPublisher {

  private final TileSource source;
  private final SnapshotStore store;
  private final Supplier<CanvasGeometry> canvas;
  private final Map<TileId, Long> published = new HashMap<>();
  private CanvasGeometry indexedCanvas;

  public SnapshotPublisher(TileSource source, SnapshotStore store, Supplier<CanvasGeometry> canvas) {
    this.source = source;
    this.store = store;
    this.canvas = canvas;
  }

  /** Returns how many tile versions this pass wrote. */
  public int publishOnce(long nowMillis) throws IOException {
    CanvasGeometry geometry = canvas.get();
    int written = 0;
    for (Map.Entry<TileId, Long> e : source.sequences(geometry.allTiles()).entrySet()) {
      if (e.getValue() > published.getOrDefault(e.getKey(), 0L)) {
        TileSnapshot snapshot = source.snapshot(e.getKey());
        store.putImmutable(SnapshotPaths.tile(snapshot.tile(), snapshot.seq()), TileSnapshotEncoding.encode(snapshot.pixels()));
        published.put(snapshot.tile(), snapshot.seq());
        written++;
      }
    }
    if (written > 0 || !geometry.equals(indexedCanvas)) {
      store.putIndex(SnapshotPaths.INDEX, new SnapshotIndex(geometry, nowMillis, published).toJson());
      indexedCanvas = geometry;
    }
    return written;
  }

  /** The newest published sequence per tile (tiles never written are absent). */
  public Map<TileId, Long> published() {
    return Map.copyOf(published);
  }
}
