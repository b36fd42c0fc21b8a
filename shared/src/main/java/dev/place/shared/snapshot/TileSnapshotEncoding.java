package dev.place.shared.snapshot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The body of a tile version: the tile's u4 bytes exactly as Redis stores them (even pixel in the
 * high nibble), gzip-compressed. Plain gzip rather than a Content-Encoding lets S3, CloudFront and
 * the local server pass it through untouched; browsers inflate it with {@code DecompressionStream}.
 * A mostly white 256×256 tile (32 KB raw) is well under 1 KB.
 */
public final class TileSnapshotEncoding {

  private TileSnapshotEncoding() {}

  public static byte[] encode(byte[] u4) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, u4.length / 8));
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(u4);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static byte[] decode(byte[] gz) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
