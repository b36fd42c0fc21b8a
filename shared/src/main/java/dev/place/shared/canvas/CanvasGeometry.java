package dev.place.shared.canvas;

import java.util.ArrayList;
import java.util.List;

/**
 * Maps canvas coordinates to tiles and to a pixel's index inside its tile. Every tile holds a full
 * {@code tileSize × tileSize} square, even at the right and bottom edges, so that the canvas can
 * grow without re-encoding tiles that already exist.
 */
public record CanvasGeometry(int width, int height, int tileSize) {

  public CanvasGeometry {
    if (width <= 0 || height <= 0 || tileSize <= 0 || tileSize % 2 != 0) {
      throw new IllegalArgumentException(
          "invalid geometry " + width + "x" + height + " tile " + tileSize + " (tile size must be even)");
    }
  }

  public boolean contains(int x, int y) {
    return x >= 0 && y >= 0 && x < width && y < height;
  }

  public TileId tileOf(int x, int y) {
    return new TileId(x / tileSize, y / tileSize);
  }

  /** Row-major index of the pixel inside its tile: the {@code #index} of {@code BITFIELD u4}. */
  public int indexInTile(int x, int y) {
    return (y % tileSize) * tileSize + (x % tileSize);
  }

  public int tilesAcross() {
    return (width + tileSize - 1) / tileSize;
  }

  public int tilesDown() {
    return (height + tileSize - 1) / tileSize;
  }

  public int tileBytes() {
    return tileSize * tileSize / 2;
  }

  public List<TileId> allTiles() {
    List<TileId> tiles = new ArrayList<>(tilesAcross() * tilesDown());
    for (int ty = 0; ty < tilesDown(); ty++) {
      for (int tx = 0; tx < tilesAcross(); tx++) {
        tiles.add(new TileId(tx, ty));
      }
    }
    return tiles;
  }
}
