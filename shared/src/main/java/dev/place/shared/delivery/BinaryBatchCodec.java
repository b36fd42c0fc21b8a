package dev.place.shared.delivery;

import dev.place.shared.canvas.TileId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The compact binary {@code batch} (docs/protocol.md, Binary batches): a type byte, then runs in
 * tile order, each {@code varint keyDelta, varint firstSeq, varint span << 2 | kind, [varint n]} and
 * its pixels as {@code posBits + 4}-bit entries (index in tile, colour), most significant bit first,
 * padded to a byte. Varints are unsigned LEB128; a tile's key is {@code ty << 16 | tx}, given as the
 * difference to the previous run's key. About 2.5 bytes a pixel plus 3–6 bytes a run for 256-pixel
 * tiles.
 */
public final class BinaryBatchCodec {

  public static final byte BATCH = 0x01;
  private static final Comparator<TileRun> TILE_ORDER = Comparator.comparingLong(r -> key(r.tile()));

  private final int tileSize;
  private final int posBits;

  public BinaryBatchCodec(int tileSize) {
    this.tileSize = tileSize;
    this.posBits = 32 - Integer.numberOfLeadingZeros(tileSize * tileSize - 1);
  }

  /** Position bits per pixel entry: 16 for 256-pixel tiles. */
  public int posBits() {
    return posBits;
  }

  /**
   * One or more messages, each at most {@code maxBytes}. A sequence run too long for the rest of a
   * message continues in the next one; coalesced and resync runs are never split (a client applying
   * half of one would believe it had all of it), so each must fit in {@code maxBytes} alone.
   */
  public List<byte[]> encode(List<TileRun> runs, int maxBytes) {
    List<TileRun> ordered = new ArrayList<>(runs);
    ordered.sort(TILE_ORDER); // stable: a tile's runs keep their sequence order
    Messages out = new Messages(maxBytes, 256 + runs.size() * 16);
    int entryBits = posBits + 4;
    for (TileRun run : ordered) {
      if (run.kind() == TileRun.Kind.SEQUENCE) {
        int from = 0;
        while (from < run.size()) {
          int fits = Math.min(run.size() - from, out.room() * 8 / entryBits);
          if (fits <= 0) {
            out.next(run);
            continue;
          }
          out.header(run.tile(), run.firstSeq() + from, (long) (fits - 1) << 2);
          out.current.pixels(run.pixels(), from, from + fits, posBits);
          from += fits;
        }
      } else {
        if (out.room() < (run.size() * entryBits + 7) / 8 + Writer.MAX_VARINT) {
          out.next(run);
        }
        out.header(run.tile(), run.firstSeq(), (run.lastSeq() - run.firstSeq()) << 2 | run.kind().ordinal());
        if (run.kind() == TileRun.Kind.COALESCED) {
          out.current.varint(run.size());
          out.current.pixels(run.pixels(), 0, run.size(), posBits);
        }
      }
    }
    return out.finish();
  }

  /** The messages being written: the current one and those already full. */
  private static final class Messages {
    private final int maxBytes;
    private final int capacity;
    private final List<byte[]> full = new ArrayList<>(1);
    Writer current;
    private long previousKey;

    Messages(int maxBytes, int capacity) {
      this.maxBytes = maxBytes;
      this.capacity = Math.min(maxBytes, capacity);
      start();
    }

    private void start() {
      current = new Writer(capacity);
      current.raw(BATCH);
      previousKey = 0;
    }

    /** Bytes left for pixels after a run header of the largest size. */
    int room() {
      return maxBytes - current.size() - 3 * Writer.MAX_VARINT;
    }

    void next(TileRun run) {
      if (current.size() == 1) {
        throw new IllegalArgumentException(run + " does not fit in a message of " + maxBytes + " bytes");
      }
      full.add(current.toBytes());
      start();
    }

    void header(TileId tile, long firstSeq, long spanKind) {
      long key = key(tile);
      current.varint(key - previousKey);
      previousKey = key;
      current.varint(firstSeq);
      current.varint(spanKind);
    }

    List<byte[]> finish() {
      if (current.size() > 1 || full.isEmpty()) {
        full.add(current.toBytes());
      }
      return full;
    }
  }

  public List<TileRun> decode(byte[] message) {
    if (message.length == 0 || message[0] != BATCH) {
      throw new IllegalArgumentException("not a binary batch");
    }
    Reader in = new Reader(message);
    List<TileRun> runs = new ArrayList<>();
    long key = 0;
    while (in.hasMore()) {
      key += in.varint();
      TileId tile = new TileId((int) (key & 0xFFFF), (int) (key >>> 16));
      long first = in.varint();
      long spanKind = in.varint();
      long span = spanKind >>> 2;
      int kind = (int) (spanKind & 3);
      switch (kind) {
        case 0 -> runs.add(TileRun.sequence(tile, first, in.pixels(Math.toIntExact(span + 1), posBits)));
        case 1 -> runs.add(TileRun.coalesced(tile, first, first + span, in.pixels(Math.toIntExact(in.varint()), posBits)));
        case 2 -> runs.add(TileRun.resync(tile, first, first + span));
        default -> throw new IllegalArgumentException("unknown run kind " + kind);
      }
    }
    return runs;
  }

  public int tileSize() {
    return tileSize;
  }

  private static long key(TileId tile) {
    return (long) tile.ty() << 16 | tile.tx();
  }

  private static final class Writer {
    static final int MAX_VARINT = 10;
    private byte[] bytes;
    private int size;

    Writer(int capacity) {
      bytes = new byte[Math.max(16, capacity)];
    }

    int size() {
      return size;
    }

    void raw(int b) {
      ensure(1);
      bytes[size++] = (byte) b;
    }

    void varint(long value) {
      ensure(MAX_VARINT);
      while ((value & ~0x7FL) != 0) {
        bytes[size++] = (byte) ((value & 0x7F) | 0x80);
        value >>>= 7;
      }
      bytes[size++] = (byte) value;
    }

    void pixels(int[] pixels, int from, int to, int posBits) {
      int entryBits = posBits + 4;
      ensure(((to - from) * entryBits + 7) / 8);
      long acc = 0;
      int bits = 0;
      for (int i = from; i < to; i++) {
        acc = acc << entryBits | (pixels[i] & ((1L << entryBits) - 1));
        bits += entryBits;
        while (bits >= 8) {
          bits -= 8;
          bytes[size++] = (byte) (acc >>> bits);
        }
      }
      if (bits > 0) {
        bytes[size++] = (byte) (acc << (8 - bits));
      }
    }

    private void ensure(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }

    byte[] toBytes() {
      return Arrays.copyOf(bytes, size);
    }
  }

  private static final class Reader {
    private final byte[] bytes;
    private int position = 1;

    Reader(byte[] bytes) {
      this.bytes = bytes;
    }

    boolean hasMore() {
      return position < bytes.length;
    }

    long varint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (position >= bytes.length) {
          throw new IllegalArgumentException("truncated varint");
        }
        byte b = bytes[position++];
        value |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("varint too long");
    }

    int[] pixels(int count, int posBits) {
      int entryBits = posBits + 4;
      int byteCount = (int) (((long) count * entryBits + 7) / 8);
      if (count < 0 || position + byteCount > bytes.length) {
        throw new IllegalArgumentException("truncated pixels");
      }
      int[] pixels = new int[count];
      long acc = 0;
      int bits = 0;
      long mask = (1L << entryBits) - 1;
      for (int i = 0; i < count; i++) {
        while (bits < entryBits) {
          acc = acc << 8 | (bytes[position++] & 0xFF);
          bits += 8;
        }
        bits -= entryBits;
        pixels[i] = (int) ((acc >>> bits) & mask);
      }
      return pixels;
    }
  }
}
