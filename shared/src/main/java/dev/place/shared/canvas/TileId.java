package dev.place.shared.canvas;

/**
 * One tile of the canvas, by tile column and row. Its text form {@code "tx:ty"} is the Kafka key,
 * the Redis hash tag and the name used in the client protocol.
 */
public record TileId(int tx, int ty) {

  public TileId {
    if (tx < 0 || ty < 0) {
      throw new IllegalArgumentException("tile coordinates must not be negative: " + tx + ":" + ty);
    }
  }

  public static TileId parse(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("not a tile id (expected tx:ty): " + text);
    }
    try {
      return new TileId(Integer.parseInt(text, 0, colon, 10), Integer.parseInt(text, colon + 1, text.length(), 10));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a tile id (expected tx:ty): " + text, e);
    }
  }

  @Override
  public String toString() {
    return tx + ":" + ty;
  }
}
