package dev.place.shared.snapshot;

import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.canvas.TileId;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code latest.json} index: the canvas size and, for every tile ever written, its newest
 * published sequence. A tile missing from {@code tiles} has never been painted (all white, seq 0),
 * so a fresh canvas needs no tile downloads at all.
 *
 * <pre>{"width":2000,"height":2000,"tileSize":256,"publishedAt":1764316800000,
 *  "tiles":{"0:0":42,"3:1":7}}</pre>
 */
public record SnapshotIndex(CanvasGeometry canvas, long publishedAt, Map<TileId, Long> tiles) {

  public SnapshotIndex {
    tiles = Map.copyOf(tiles);
  }

  public byte[] toJson() {
    StringBuilder json = new StringBuilder(64 + tiles.size() * 16);
    json.append("{\"width\":").append(canvas.width())
        .append(",\"height\":").append(canvas.height())
        .append(",\"tileSize\":").append(canvas.tileSize())
        .append(",\"publishedAt\":").append(publishedAt)
        .append(",\"tiles\":{");
    // Sorted so that equal content gives equal bytes (and equal ETags).
    Map<String, Long> sorted = new TreeMap<>();
    tiles.forEach((tile, seq) -> sorted.put(tile.toString(), seq));
    boolean first = true;
    for (Map.Entry<String, Long> e : sorted.entrySet()) {
      if (!first) {
        json.append(',');
      }
      first = false;
      json.append('"').append(e.getKey()).append("\":").append(e.getValue());
    }
    return json.append("}}").toString().getBytes(StandardCharsets.UTF_8);
  }
}
