package dev.place.shared.moderation;

import dev.place.shared.event.PixelEvent;
import dev.place.shared.timelapse.Region;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where moderation reads the canvas's past (history, in production). Placements are user placements
 * only: the restores moderation itself wrote are derived state, never voided or restored to; but
 * they do count for {@link PixelHistory#newestSeq}, the sequence a restore's write is checked against.
 */
public interface PlacementSource {

  /** User placements of some pixels, and per pixel the sequence of its newest event of any kind (0: none). */
  record PixelHistory(List<PixelEvent> placements, Map<Pixel, Long> newestSeq) {}

  /** Blocks until every event placed at or before {@code untilMillis} can be read (the history writer caught up). */
  void awaitComplete(long untilMillis) throws InterruptedException;

  /**
   * As {@link #awaitComplete(long)}, for the events of the tiles that meet {@code within} only: a rollback
   * reads one rectangle, so a tile elsewhere whose newest event the history writer has not stored yet must
   * not hold it up.
   */
  default void awaitComplete(long untilMillis, Region within) throws InterruptedException {
    awaitComplete(untilMillis);
  }

  /** Placements inside {@code area} with {@code afterMillis < placedAt <= untilMillis}. */
  List<PixelEvent> inArea(Region area, long afterMillis, long untilMillis);

  /** Placements by {@code userId} with {@code sinceMillis <= placedAt <= untilMillis}. */
  List<PixelEvent> byUser(String userId, long sinceMillis, long untilMillis);

  /** Everything known of each of {@code pixels}. */
  PixelHistory onPixels(Collection<Pixel> pixels);
}
