package dev.place.shared.timelapse;

import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.canvas.TileId;
import java.util.ArrayList;
import java.util.List;

/** A rectangle of the canvas, in canvas pixels: {@code [x, x + width) × [y, y + height)}. */
public record Region(int x, int y, int width, int height) {

  public Region {
    if (x < 0 || y < 0 || width <= 0 || height <= 0) {
      throw new IllegalArgumentException("invalid region " + x + "," + y + " " + width + "x" + height);
    }
  }

  public static Region whole(CanvasGeometry canvas) {
    return new Region(0, 0, canvas.width(), canvas.height());
  }

  /** Throws IllegalArgumentException unless the region lies inside the canvas. */
  public Region within(CanvasGeometry canvas) {
    if ((long) x + width > canvas.width() || (long) y + height > canvas.height()) {
      throw new IllegalArgumentException("region " + this + " is outside the " + canvas.width() + "x" + canvas.height() + " canvas");
    }
    return this;
  }

  public int pixels() {
    return width * height;
  }

  public boolean contains(int px, int py) {
    return px >= x && py >= y && px < x + width && py < y + height;
  }

  /** The tiles the region touches, row by row. */
  public List<TileId> tiles(int tileSize) {
    List<TileId> tiles = new ArrayList<>();
    for (int ty = y / tileSize; ty <= (y + height - 1) / tileSize; ty++) {
      for (int tx = x / tileSize; tx <= (x + width - 1) / tileSize; tx++) {
        tiles.add(new TileId(tx, ty));
      }
    }
    return tiles;
  }

  @Override
  public String toString() {
    return x + "," + y + "," + width + "x" + height;
  }
}
