package dev.place.shared.delivery;

import dev.place.shared.canvas.TileId;

/**
 * Which tiles a connection receives: all of them (the default), a rectangle of tiles, inclusive,
 * as a viewport plus its margin, or none (a client that only places, such as a script or a hidden
 * tab, costs the fanout nothing). Its text form ({@code all}, {@code none} or
 * {@code tx0,ty0,tx1,ty1}) is what the connection registry stores.
 */
public record Subscription(int tx0, int ty0, int tx1, int ty1) {

  public static final Subscription ALL = new Subscription(0, 0, Integer.MAX_VALUE, Integer.MAX_VALUE);
  /** No tile: a tile id this large does not exist (tiles are counted in ints of pixels / tile size). */
  public static final Subscription NONE =
      new Subscription(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);

  public Subscription {
    if (tx0 < 0 || ty0 < 0 || tx1 < tx0 || ty1 < ty0) {
      throw new IllegalArgumentException("not a tile rectangle: " + tx0 + "," + ty0 + " to " + tx1 + "," + ty1);
    }
  }

  public boolean wants(TileId tile) {
    return !isNone() && tile.tx() >= tx0 && tile.tx() <= tx1 && tile.ty() >= ty0 && tile.ty() <= ty1;
  }

  public boolean isAll() {
    return equals(ALL);
  }

  public boolean isNone() {
    return equals(NONE);
  }

  public String text() {
    return isAll() ? "all" : isNone() ? "none" : tx0 + "," + ty0 + "," + tx1 + "," + ty1;
  }

  /** Reads {@link #text()}; anything unreadable counts as {@link #ALL}, so a connection never goes dark. */
  public static Subscription parse(String text) {
    if (text == null || text.equals("all")) {
      return ALL;
    }
    if (text.equals("none")) {
      return NONE;
    }
    String[] parts = text.split(",");
    try {
      return new Subscription(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]),
          Integer.parseInt(parts[2]), Integer.parseInt(parts[3]));
    } catch (RuntimeException e) {
      return ALL;
    }
  }
}
