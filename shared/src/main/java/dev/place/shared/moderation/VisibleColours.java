package dev.place.shared.moderation;

import dev.place.shared.event.PixelEvent;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/** The rule every moderated pixel follows: it shows its newest placement that is not voided. */
public final class VisibleColours {

  /** The colour of a pixel nobody placed on (a fresh canvas is all zeroes). */
  public static final int BACKGROUND = 0;

  private VisibleColours() {}

  /**
   * For each of {@code pixels}, the colour it must show given {@code placements} (all user placements
   * on those pixels, any order; others are ignored) and {@code voided}.
   */
  public static Map<Pixel, Integer> of(Collection<Pixel> pixels, Collection<PixelEvent> placements,
      Predicate<PlacementKey> voided) {
    Map<Pixel, PixelEvent> newest = new HashMap<>(pixels.size() * 2);
    for (PixelEvent placement : placements) {
      Pixel pixel = Pixel.of(placement);
      if (!pixels.contains(pixel) || voided.test(PlacementKey.of(placement))) {
        continue;
      }
      // All placements of one pixel share its tile, so the tile sequence orders them.
      newest.merge(pixel, placement, (a, b) -> a.seq() >= b.seq() ? a : b);
    }
    Map<Pixel, Integer> colours = new HashMap<>(pixels.size() * 2);
    for (Pixel pixel : pixels) {
      PixelEvent shown = newest.get(pixel);
      colours.put(pixel, shown == null ? BACKGROUND : shown.colour());
    }
    return colours;
  }
}
