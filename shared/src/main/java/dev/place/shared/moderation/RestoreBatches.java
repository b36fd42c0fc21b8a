package dev.place.shared.moderation;

import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.canvas.TileId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cuts a restore plan into per-tile batches of bounded size. Each batch is one atomic write of one
 * tile (its restores take that tile's next sequence numbers), and its size bounds how long it holds
 * Redis: ordinary placements wait at most one batch.
 */
public final class RestoreBatches {

  /** Restores of one tile, at most the batch limit: tile-relative pixel indexes, colours, expected sequences. */
  public record Batch(TileId tile, int[] indexes, int[] colours, long[] expectedSeqs) {
    public int size() {
      return indexes.length;
    }
  }

  private RestoreBatches() {}

  public static List<Batch> of(List<RestorePlan.Restore> restores, CanvasGeometry canvas, int maxPerBatch) {
    if (maxPerBatch < 1) {
      throw new IllegalArgumentException("a batch holds at least one restore");
    }
    Map<TileId, List<RestorePlan.Restore>> byTile =
        new TreeMap<>((a, b) -> a.ty() != b.ty() ? Integer.compare(a.ty(), b.ty()) : Integer.compare(a.tx(), b.tx()));
    for (RestorePlan.Restore r : restores) {
      byTile.computeIfAbsent(canvas.tileOf(r.x(), r.y()), t -> new ArrayList<>()).add(r);
    }
    List<Batch> batches = new ArrayList<>();
    byTile.forEach((tile, list) -> {
      for (int from = 0; from < list.size(); from += maxPerBatch) {
        int n = Math.min(maxPerBatch, list.size() - from);
        int[] indexes = new int[n];
        int[] colours = new int[n];
        long[] expected = new long[n];
        for (int i = 0; i < n; i++) {
          RestorePlan.Restore r = list.get(from + i);
          indexes[i] = canvas.indexInTile(r.x(), r.y());
          colours[i] = r.colour();
          expected[i] = r.expectedSeq();
        }
        batches.add(new Batch(tile, indexes, colours, expected));
      }
    });
    return batches;
  }
}
