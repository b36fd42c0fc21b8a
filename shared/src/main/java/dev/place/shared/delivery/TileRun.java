package dev.place.shared.delivery;

import dev.place.shared.canvas.TileId;
import java.util.Arrays;

/**
 * A tile's updates from {@code firstSeq} to {@code lastSeq}, the unit of every {@code batch} message
 * (docs/protocol.md, Batches). A client whose view of the tile is at sequence {@code mine} with
 * {@code firstSeq <= mine + 1 <= lastSeq + 1} applies the pixels in order and is then exactly at
 * {@code lastSeq}; a run with {@code firstSeq > mine + 1} reveals a gap.
 *
 * <p>Pixels are packed as {@code indexInTile << 4 | colour}.
 *
 * @param kind {@link Kind#SEQUENCE}: one pixel per sequence number, in order; {@link Kind#COALESCED}:
 *     the newest colour of every pixel that changed in the range, in index order; {@link
 *     Kind#RESYNC}: no pixels, the client reloads the tile's snapshot at {@code lastSeq} or later
 */
public record TileRun(TileId tile, long firstSeq, long lastSeq, Kind kind, int[] pixels) {

  public enum Kind {
    SEQUENCE,
    COALESCED,
    RESYNC
  }

  public TileRun {
    if (firstSeq < 1 || lastSeq < firstSeq) {
      throw new IllegalArgumentException("bad sequence range " + firstSeq + ".." + lastSeq + " of tile " + tile);
    }
    if (kind == Kind.SEQUENCE && pixels.length != lastSeq - firstSeq + 1) {
      throw new IllegalArgumentException("a sequence run has one pixel per sequence number");
    }
    if (kind == Kind.RESYNC && pixels.length != 0) {
      throw new IllegalArgumentException("a resync run has no pixels");
    }
  }

  public static TileRun sequence(TileId tile, long firstSeq, int... pixels) {
    return new TileRun(tile, firstSeq, firstSeq + pixels.length - 1, Kind.SEQUENCE, pixels);
  }

  public static TileRun coalesced(TileId tile, long firstSeq, long lastSeq, int... pixels) {
    return new TileRun(tile, firstSeq, lastSeq, Kind.COALESCED, pixels);
  }

  public static TileRun resync(TileId tile, long firstSeq, long lastSeq) {
    return new TileRun(tile, firstSeq, lastSeq, Kind.RESYNC, new int[0]);
  }

  public static int pixel(int indexInTile, int colour) {
    return indexInTile << 4 | colour;
  }

  public static int indexOf(int pixel) {
    return pixel >>> 4;
  }

  public static int colourOf(int pixel) {
    return pixel & 0xF;
  }

  public int size() {
    return pixels.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TileRun r && tile.equals(r.tile) && firstSeq == r.firstSeq && lastSeq == r.lastSeq
        && kind == r.kind && Arrays.equals(pixels, r.pixels);
  }

  @Override
  public int hashCode() {
    return (tile.hashCode() * 31 + Long.hashCode(firstSeq)) * 31 + Arrays.hashCode(pixels);
  }

  @Override
  public String toString() {
    return kind + " " + tile + " " + firstSeq + ".." + lastSeq + " (" + pixels.length + " px)";
  }
}
