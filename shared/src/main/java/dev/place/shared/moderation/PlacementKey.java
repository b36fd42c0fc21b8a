package dev.place.shared.moderation;

import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;

/** Names one placement everywhere: the tile sequence is unique per tile and never reused. */
public record PlacementKey(TileId tile, long seq) {

  public static PlacementKey of(PixelEvent event) {
    return new PlacementKey(event.tile(), event.seq());
  }
}
