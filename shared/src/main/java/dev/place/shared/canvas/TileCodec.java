package dev.place.shared.canvas;

import java.util.Arrays;

/**
 * Reads and writes 4-bit pixels in a tile's bytes in the bit order of Redis
 * {@code BITFIELD key SET u4 #i}: pixel {@code i} lives in byte {@code i/2}, the even pixel in the
 * high nibble. So a tile's Redis string is its wire snapshot, with no conversion.
 */
public final class TileCodec {

  private TileCodec() {}

  public static int get(byte[] tile, int index) {
    int b = tile[index >>> 1];
    return (index & 1) == 0 ? (b >>> 4) & 0x0F : b & 0x0F;
  }

  public static void set(byte[] tile, int index, int colour) {
    int i = index >>> 1;
    int b = tile[i];
    tile[i] = (byte) ((index & 1) == 0 ? (b & 0x0F) | (colour << 4) : (b & 0xF0) | (colour & 0x0F));
  }

  /**
   * Redis returns nothing for a tile never written and a short string for one written only near its
   * start (BITFIELD grows the string as needed); both mean white pixels beyond the end.
   */
  public static byte[] normalise(byte[] stored, int tileBytes) {
    if (stored == null) {
      return new byte[tileBytes];
    }
    return stored.length == tileBytes ? stored : Arrays.copyOf(stored, tileBytes);
  }
}
