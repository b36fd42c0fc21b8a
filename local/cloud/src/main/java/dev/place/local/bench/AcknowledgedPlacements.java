package dev.place.local.bench;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Every placement the benchmark got {@code placed} for: tile, sequence, pixel index in the tile and
 * colour, in primitive arrays (millions of them cost tens of MB, no object each). Afterwards it
 * answers what Redis, Kafka and Cassandra must hold: per tile the sequences acknowledged and, per
 * pixel, the colour of its highest acknowledged sequence (last write wins).
 */
final class AcknowledgedPlacements {

  private int size;
  private int[] tiles = new int[1 << 16];
  private int[] seqs = new int[1 << 16];
  private int[] pixels = new int[1 << 16];
  private byte[] colours = new byte[1 << 16];

  static int tileKey(int tx, int ty) {
    return (tx << 16) | ty;
  }

  static int tx(int tileKey) {
    return tileKey >>> 16;
  }

  static int ty(int tileKey) {
    return tileKey & 0xFFFF;
  }

  synchronized void add(int tx, int ty, long seq, int indexInTile, int colour) {
    if (size == tiles.length) {
      int grown = size * 2;
      tiles = Arrays.copyOf(tiles, grown);
      seqs = Arrays.copyOf(seqs, grown);
      pixels = Arrays.copyOf(pixels, grown);
      colours = Arrays.copyOf(colours, grown);
    }
    tiles[size] = tileKey(tx, ty);
    seqs[size] = Math.toIntExact(seq);
    pixels[size] = indexInTile;
    colours[size] = (byte) colour;
    size++;
  }

  synchronized int size() {
    return size;
  }

  /** Per tile, the set of acknowledged sequence numbers. */
  synchronized Map<Integer, BitSet> sequencesByTile() {
    Map<Integer, BitSet> result = new HashMap<>();
    for (int i = 0; i < size; i++) {
      result.computeIfAbsent(tiles[i], t -> new BitSet()).set(seqs[i]);
    }
    return result;
  }

  /**
   * Per tile, per pixel index: the colour of the highest acknowledged sequence, or -1 where no
   * acknowledged placement touched the pixel.
   */
  synchronized Map<Integer, int[]> lastColours(int pixelsPerTile) {
    Map<Integer, int[]> colour = new HashMap<>();
    Map<Integer, int[]> seqOf = new HashMap<>();
    for (int i = 0; i < size; i++) {
      int[] c = colour.computeIfAbsent(tiles[i], t -> filled(pixelsPerTile, -1));
      int[] s = seqOf.computeIfAbsent(tiles[i], t -> new int[pixelsPerTile]);
      if (seqs[i] > s[pixels[i]]) {
        s[pixels[i]] = seqs[i];
        c[pixels[i]] = colours[i];
      }
    }
    return colour;
  }

  private static int[] filled(int n, int value) {
    int[] a = new int[n];
    Arrays.fill(a, value);
    return a;
  }
}
