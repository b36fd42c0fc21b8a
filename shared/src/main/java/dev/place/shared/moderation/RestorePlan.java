package dev.place.shared.moderation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The pixel writes that bring the canvas to what the ledger says it must show: only pixels whose
 * current colour differs, in a stable order (row by row) so previews and applies agree. Each write
 * names the sequence of the newest event the plan knew on its pixel: the write happens only if the
 * pixel's last write is still that one, so a placement that raced the plan is never overwritten.
 */
public final class RestorePlan {

  /** One moderation write: pixel (x, y) is set to {@code colour} unless its last write is no longer {@code expectedSeq}. */
  public record Restore(int x, int y, int colour, long expectedSeq) {}

  /** What the canvas currently shows (Redis, in production). */
  @FunctionalInterface
  public interface CurrentCanvas {
    int colourAt(int x, int y);
  }

  private RestorePlan() {}

  public static List<Restore> plan(ModerationLedger ledger, Collection<Pixel> pixels,
      PlacementSource.PixelHistory history, CurrentCanvas current) {
    Map<Pixel, Integer> target = VisibleColours.of(pixels, history.placements(), ledger::isVoided);
    List<Restore> restores = new ArrayList<>();
    target.forEach((pixel, colour) -> {
      if (current.colourAt(pixel.x(), pixel.y()) != colour) {
        restores.add(new Restore(pixel.x(), pixel.y(), colour, history.newestSeq().getOrDefault(pixel, 0L)));
      }
    });
    restores.sort(Comparator.comparingInt(Restore::y).thenComparingInt(Restore::x));
    return restores;
  }
}
