package dev.place.shared.moderation;

import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.timelapse.Region;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A canvas that behaves as the real one does under moderation, in memory: user placements are kept
 * as history; a moderation action is applied to the ledger, planned, and its restores written to the
 * canvas the way the moderation worker writes them to Redis (as new events, not as history).
 */
final class ModeratedCanvas implements PlacementSource {

  private final CanvasGeometry geometry = new CanvasGeometry(64, 64, 16);
  private final List<PixelEvent> placements = new ArrayList<>();
  private final Map<Pixel, Integer> canvas = new HashMap<>();
  private final Map<dev.place.shared.canvas.TileId, Long> tileSeq = new HashMap<>();
  final ModerationLedger ledger = new ModerationLedger();
  int restoresWritten;

  void place(String user, int x, int y, int colour, long at) {
    var tile = geometry.tileOf(x, y);
    long seq = tileSeq.merge(tile, 1L, Long::sum);
    placements.add(new PixelEvent(tile, seq, x, y, colour, user, at));
    canvas.put(new Pixel(x, y), colour);
  }

  ModerationLedger.Change moderate(String id, ModerationAction action, long at) {
    ModerationLedger.Change change = ledger.apply(new ActionRecord(id, "mod", "test", at, action), this);
    List<RestorePlan.Restore> restores = RestorePlan.plan(ledger, change.pixels(), onPixels(change.pixels()), this::colourAt);
    for (RestorePlan.Restore r : restores) {
      // A restore takes a tile sequence number too, like every write to the canvas.
      tileSeq.merge(geometry.tileOf(r.x(), r.y()), 1L, Long::sum);
      canvas.put(new Pixel(r.x(), r.y()), r.colour());
    }
    restoresWritten += restores.size();
    return change;
  }

  int colourAt(int x, int y) {
    return canvas.getOrDefault(new Pixel(x, y), VisibleColours.BACKGROUND);
  }

  @Override
  public List<PixelEvent> inArea(Region area, long afterMillis, long untilMillis) {
    return placements.stream()
        .filter(p -> area.contains(p.x(), p.y()) && p.placedAtMillis() > afterMillis && p.placedAtMillis() <= untilMillis)
        .toList();
  }

  @Override
  public List<PixelEvent> byUser(String userId, long sinceMillis, long untilMillis) {
    return placements.stream()
        .filter(p -> p.userId().equals(userId) && p.placedAtMillis() >= sinceMillis && p.placedAtMillis() <= untilMillis)
        .toList();
  }

  @Override
  public List<PixelEvent> onPixels(Collection<Pixel> pixels) {
    return placements.stream().filter(p -> pixels.contains(Pixel.of(p))).toList();
  }
}
