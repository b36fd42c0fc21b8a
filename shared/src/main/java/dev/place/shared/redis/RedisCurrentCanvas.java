package dev.place.shared.redis;

import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.canvas.TileCodec;
import dev.place.shared.canvas.TileId;
import dev.place.shared.moderation.RestorePlan;
import java.util.HashMap;
import java.util.Map;

/**
 * The canvas as Redis shows it, each tile read once when first asked: what one moderation plan or
 * preview compares with. Not thread-safe; make one per plan, so that it is never older than the plan.
 */
public final class RedisCurrentCanvas implements RestorePlan.CurrentCanvas {

  private final RedisCanvasStore store;
  private final CanvasGeometry canvas;
  private final Map<TileId, byte[]> tiles = new HashMap<>();

  public RedisCurrentCanvas(RedisCanvasStore store, CanvasGeometry canvas) {
    this.store = store;
    this.canvas = canvas;
  }

  @Override
  public int colourAt(int x, int y) {
    byte[] pixels = tiles.computeIfAbsent(canvas.tileOf(x, y), tile -> store.snapshot(tile).pixels());
    return TileCodec.get(pixels, canvas.indexInTile(x, y));
  }
}
