package dev.place.shared.placement;

import dev.place.shared.canvas.TileId;

/** The live canvas: tiles of 4-bit pixels, each tile with its own sequence and journal. */
public interface CanvasStore {

  /**
   * Atomically writes the pixel, increments the tile sequence and journals the event (the text
   * {@code eventPrefix + seq + eventSuffix}) until it is acknowledged by the event log.
   *
   * @return the tile sequence number assigned to this placement
   */
  long writePixel(TileId tile, int indexInTile, int colour, String eventPrefix, String eventSuffix);

  /** The event log has the placement {@code seq} of {@code tile}; the journal may forget it. */
  void forgetJournaled(TileId tile, long seq);

  /**
   * As {@link #forgetJournaled} without waiting for it: the placement path's trim, which no answer
   * depends on. A trim that never lands only costs a duplicate from the journal relay, which every
   * consumer absorbs by (tile, seq). Stores that cannot do it in the background do it now.
   */
  default void forgetJournaledLater(TileId tile, long seq) {
    forgetJournaled(tile, seq);
  }

  /** The tile's pixels (normalised to full length) and the sequence they reflect, read atomically. */
  TileSnapshot snapshot(TileId tile);

  record TileSnapshot(TileId tile, long seq, byte[] pixels) {}
}
