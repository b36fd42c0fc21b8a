package dev.place.local.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.netty.buffer.ByteBuf;
import java.io.IOException;

/**
 * Reads only what the benchmark needs from a {@code batch} (docs/protocol.md): each run's tile,
 * sequence range and kind, and how many pixels it carries. Binary batches are walked header by
 * header, skipping the packed pixels without unpacking them (20,000 watchers each get ten frames a
 * second on two cores, so the load client must stay far cheaper than the server it measures);
 * JSON batches go through Jackson's streaming parser, no tree.
 */
public final class BatchScanner {

  /** Receives the runs of one batch. {@code kind}: 0 sequence, 1 coalesced, 2 resync. */
  public interface RunSink {
    void run(int tx, int ty, long firstSeq, long lastSeq, int kind);
  }

  private static final JsonFactory JSON = new JsonFactory();

  private final int entryBits;

  public BatchScanner(int tileSize) {
    this.entryBits = 32 - Integer.numberOfLeadingZeros(tileSize * tileSize - 1) + 4;
  }

  /**
   * Scans a binary batch between the buffer's reader and writer index (not moving them).
   *
   * @return the number of pixels in its runs
   */
  public int scanBinary(ByteBuf in, RunSink sink) {
    int p = in.readerIndex();
    int end = in.writerIndex();
    if (p >= end || in.getByte(p) != 0x01) {
      throw new IllegalArgumentException("not a binary batch");
    }
    p++;
    long key = 0;
    int pixels = 0;
    long[] v = new long[1];
    while (p < end) {
      p = varint(in, p, end, v);
      key += v[0];
      p = varint(in, p, end, v);
      long first = v[0];
      p = varint(in, p, end, v);
      long span = v[0] >>> 2;
      int kind = (int) (v[0] & 3);
      long count = 0;
      if (kind == 0) {
        count = span + 1;
      } else if (kind == 1) {
        p = varint(in, p, end, v);
        count = v[0];
      } else if (kind != 2) {
        throw new IllegalArgumentException("unknown run kind " + kind);
      }
      p += (int) ((count * entryBits + 7) / 8);
      if (p > end) {
        throw new IllegalArgumentException("truncated pixels");
      }
      pixels += (int) count;
      sink.run((int) (key & 0xFFFF), (int) (key >>> 16), first, first + span, kind);
    }
    return pixels;
  }

  private static int varint(ByteBuf in, int p, int end, long[] out) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p >= end) {
        throw new IllegalArgumentException("truncated varint");
      }
      byte b = in.getByte(p++);
      value |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        out[0] = value;
        return p;
      }
    }
    throw new IllegalArgumentException("varint too long");
  }

  /**
   * Scans a JSON {@code batch} message. Other messages (hello, placed, pong, error) give -1.
   *
   * @return the number of pixels in its runs, or -1 if it is not a batch
   */
  public int scanJson(byte[] bytes, int offset, int length, RunSink sink) {
    try (JsonParser p = JSON.createParser(bytes, offset, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return -1;
      }
      boolean batch = false;
      int pixels = 0;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("type")) {
          batch = "batch".equals(p.getText());
          if (!batch) {
            return -1;
          }
        } else if (field.equals("tiles") && value == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            pixels += tile(p, sink);
          }
        } else {
          p.skipChildren();
        }
      }
      return batch ? pixels : -1;
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable JSON message", e);
    }
  }

  private static int tile(JsonParser p, RunSink sink) throws IOException {
    int tx = -1;
    int ty = -1;
    long first = -1;
    long last = -1;
    long from = -1;
    long to = -1;
    boolean resync = false;
    int values = 0;
    int seqCount = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "tile" -> {
          String text = p.getText();
          int colon = text.indexOf(':');
          tx = Integer.parseInt(text, 0, colon, 10);
          ty = Integer.parseInt(text, colon + 1, text.length(), 10);
        }
        case "seq" -> {
          while (p.nextToken() != JsonToken.END_ARRAY) {
            long s = p.getLongValue();
            first = first < 0 ? s : Math.min(first, s);
            last = Math.max(last, s);
            seqCount++;
          }
        }
        case "px" -> {
          while (p.nextToken() != JsonToken.END_ARRAY) {
            values++;
          }
        }
        case "from" -> from = p.getLongValue();
        case "to" -> to = p.getLongValue();
        case "resync" -> resync = value == JsonToken.VALUE_TRUE;
        default -> p.skipChildren();
      }
    }
    if (seqCount > 0) {
      sink.run(tx, ty, first, last, 0);
    } else {
      sink.run(tx, ty, from, to, resync ? 2 : 1);
    }
    return values / 3;
  }
}
