package dev.place.shared.moderation;

import dev.place.shared.event.PixelEvent;
import dev.place.shared.timelapse.Region;
import java.util.List;

/**
 * Where moderation reads user placements (history, in production). Only user placements: the
 * restores moderation itself wrote are derived state and never voided or restored to.
 */
public interface PlacementSource {

  /** Placements inside {@code area} with {@code afterMillis < placedAt <= untilMillis}. */
  List<PixelEvent> inArea(Region area, long afterMillis, long untilMillis);

  /** Placements by {@code userId} with {@code sinceMillis <= placedAt <= untilMillis}. */
  List<PixelEvent> byUser(String userId, long sinceMillis, long untilMillis);

  /** Every placement ever made on each of {@code pixels}, in any order. */
  List<PixelEvent> onPixels(java.util.Collection<Pixel> pixels);
}
