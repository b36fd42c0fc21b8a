package dev.place.shared.moderation;

import dev.place.shared.event.PixelEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The pixel writes that bring the canvas to what the ledger says it must show: only pixels whose
 * current colour differs, in a stable order (row by row) so previews and applies agree.
 */
public final class RestorePlan {

  /** One moderation write: pixel (x, y) is set to {@code colour} as a new, moderation-marked event. */
  public record Restore(int x, int y, int colour) {}

  /** What the canvas currently shows (Redis, in production). */
  @FunctionalInterface
  public interface CurrentCanvas {
    int colourAt(int x, int y);
  }

  private RestorePlan() {}

  public static List<Restore> plan(ModerationLedger ledger, Collection<Pixel> pixels,
      Collection<PixelEvent> placements, CurrentCanvas current) {
    Map<Pixel, Integer> target = VisibleColours.of(pixels, placements, ledger::isVoided);
    List<Restore> restores = new ArrayList<>();
    target.forEach((pixel, colour) -> {
      if (current.colourAt(pixel.x(), pixel.y()) != colour) {
        restores.add(new Restore(pixel.x(), pixel.y(), colour));
      }
    });
    restores.sort(Comparator.comparingInt(Restore::y).thenComparingInt(Restore::x));
    return restores;
  }
}
