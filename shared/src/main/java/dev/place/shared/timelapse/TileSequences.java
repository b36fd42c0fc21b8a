package dev.place.shared.timelapse;

import dev.place.shared.canvas.TileId;

/**
 * Where the canvas is now: each tile's last sequence number (Redis {@code place:{tile}:seq} in service).
 * A replay holds a tile's complete history as of T exactly when it has every event from its start state
 * up to the sequence the tile had at T (or up to the first event placed after T): the history writer's
 * own rows are its watermark, this is what they are checked against (docs/history.md, "Final results").
 */
public interface TileSequences {

  /** The tile's last sequence number now; 0 for a tile never painted. */
  long current(TileId tile);

  /**
   * For sources that are complete by construction (a Kafka log read to its end, events in memory):
   * nothing to check against.
   */
  TileSequences UNCHECKED = tile -> -1;

  default boolean checked() {
    return this != UNCHECKED;
  }
}
