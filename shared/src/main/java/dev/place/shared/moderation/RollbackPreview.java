package dev.place.shared.moderation;

import dev.place.shared.timelapse.PngWriter;
import dev.place.shared.timelapse.Region;
import java.util.List;

/** What a moderator looks at before applying: the region now, and the region after the restores. */
public final class RollbackPreview {

  public record Images(byte[] beforePng, byte[] afterPng, int pixelsChanged) {}

  private RollbackPreview() {}

  public static Images render(Region region, RestorePlan.CurrentCanvas current, List<RestorePlan.Restore> restores) {
    byte[] before = new byte[region.pixels()];
    for (int dy = 0; dy < region.height(); dy++) {
      for (int dx = 0; dx < region.width(); dx++) {
        before[dy * region.width() + dx] = (byte) current.colourAt(region.x() + dx, region.y() + dy);
      }
    }
    byte[] after = before.clone();
    int changed = 0;
    for (RestorePlan.Restore r : restores) {
      if (region.contains(r.x(), r.y())) {
        after[(r.y() - region.y()) * region.width() + (r.x() - region.x())] = (byte) r.colour();
        changed++;
      }
    }
    return new Images(PngWriter.write(before, region.width(), region.height()),
        PngWriter.write(after, region.width(), region.height()), changed);
  }
}
