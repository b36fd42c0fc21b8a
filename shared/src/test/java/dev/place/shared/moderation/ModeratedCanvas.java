package dev.place.shared.moderation;

import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.timelapse.Region;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A canvas that behaves as the real one does under moderation, in memory: every write takes the
 * tile's next sequence and records itself as the pixel's last write (as the Redis scripts do); user
 * placements are history; restores are written the way the moderation script writes them.
 */
final class ModeratedCanvas implements PlacementSource, RestoreWriter {

  final CanvasGeometry geometry = new CanvasGeometry(64, 64, 16);
  private final List<PixelEvent> placements = new ArrayList<>();
  private final Map<Pixel, Integer> canvas = new HashMap<>();
  private final Map<Pixel, Long> lastWrite = new HashMap<>();
  private final Map<TileId, Long> tileSeq = new HashMap<>();
  final ModerationLedger ledger = new ModerationLedger();
  final ModerationService service;
  /** Runs just before each batch is written: lets a test race a placement against the plan. */
  Runnable beforeEachBatch = () -> {};

  ModeratedCanvas(int maxPerBatch) {
    service = new ModerationService(geometry, ledger, this, this::colourAt, this, maxPerBatch);
  }

  ModeratedCanvas() {
    this(1000);
  }

  void place(String user, int x, int y, int colour, long at) {
    TileId tile = geometry.tileOf(x, y);
    long seq = tileSeq.merge(tile, 1L, Long::sum);
    placements.add(new PixelEvent(tile, seq, x, y, colour, user, at));
    canvas.put(new Pixel(x, y), colour);
    lastWrite.put(new Pixel(x, y), seq);
  }

  ModerationService.Applied moderate(String id, ModerationAction action, long at) {
    try {
      return service.apply(new ActionRecord(id, "mod", "test", at, action), (done, total) -> {});
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  int colourAt(int x, int y) {
    return canvas.getOrDefault(new Pixel(x, y), VisibleColours.BACKGROUND);
  }

  @Override
  public int write(RestoreBatches.Batch batch, String actionId) {
    beforeEachBatch.run();
    int written = 0;
    int size = geometry.tileSize();
    for (int i = 0; i < batch.size(); i++) {
      Pixel p = new Pixel(batch.tile().tx() * size + batch.indexes()[i] % size,
          batch.tile().ty() * size + batch.indexes()[i] / size);
      if (lastWrite.getOrDefault(p, 0L) != batch.expectedSeqs()[i]) {
        continue;
      }
      long seq = tileSeq.merge(batch.tile(), 1L, Long::sum);
      canvas.put(p, batch.colours()[i]);
      lastWrite.put(p, seq);
      written++;
    }
    return written;
  }

  /** What each history wait covered: a region, or null for the whole canvas. */
  final List<dev.place.shared.timelapse.Region> waitsFor = new ArrayList<>();

  @Override
  public void awaitComplete(long untilMillis) {
    waitsFor.add(null);
  }

  @Override
  public void awaitComplete(long untilMillis, dev.place.shared.timelapse.Region within) {
    waitsFor.add(within);
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
  public PixelHistory onPixels(Collection<Pixel> pixels) {
    Map<Pixel, Long> newest = new HashMap<>();
    for (Pixel p : pixels) {
      newest.put(p, lastWrite.getOrDefault(p, 0L));
    }
    return new PixelHistory(placements.stream().filter(p -> pixels.contains(Pixel.of(p))).toList(), newest);
  }
}
