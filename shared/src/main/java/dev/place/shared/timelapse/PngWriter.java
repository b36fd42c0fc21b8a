package dev.place.shared.timelapse;

import dev.place.shared.canvas.Palette;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes a frame as an 8-bit indexed PNG with the 16-colour palette. Hand-written because the frame
 * already is palette indices: no RGB image, no ImageIO colour model, one pass through Deflater.
 */
public final class PngWriter {

  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private PngWriter() {}

  public static byte[] write(byte[] pixels, int width, int height) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(pixels.length / 8 + 1024);
      out.write(SIGNATURE);
      ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
      DataOutputStream d = new DataOutputStream(ihdr);
      d.writeInt(width);
      d.writeInt(height);
      d.writeByte(8); // bit depth
      d.writeByte(3); // colour type: indexed
      d.writeByte(0);
      d.writeByte(0);
      d.writeByte(0);
      chunk(out, "IHDR", ihdr.toByteArray());
      byte[] plte = new byte[Palette.SIZE * 3];
      int[] rgb = rgb();
      for (int i = 0; i < Palette.SIZE; i++) {
        plte[i * 3] = (byte) (rgb[i] >> 16);
        plte[i * 3 + 1] = (byte) (rgb[i] >> 8);
        plte[i * 3 + 2] = (byte) rgb[i];
      }
      chunk(out, "PLTE", plte);
      Deflater deflater = new Deflater(6);
      byte[] row = new byte[width + 1]; // filter byte 0 (none): palette images gain little from filters
      ByteArrayOutputStream idat = new ByteArrayOutputStream(pixels.length / 8 + 64);
      byte[] buffer = new byte[64 * 1024];
      for (int y = 0; y < height; y++) {
        System.arraycopy(pixels, y * width, row, 1, width);
        deflater.setInput(row);
        while (!deflater.needsInput()) {
          int n = deflater.deflate(buffer);
          idat.write(buffer, 0, n);
        }
      }
      deflater.finish();
      while (!deflater.finished()) {
        int n = deflater.deflate(buffer);
        idat.write(buffer, 0, n);
      }
      deflater.end();
      chunk(out, "IDAT", idat.toByteArray());
      chunk(out, "IEND", new byte[0]);
      return out.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e); // in-memory streams do not fail
    }
  }

  /** The palette as 0xRRGGBB. */
  public static int[] rgb() {
    int[] rgb = new int[Palette.SIZE];
    for (int i = 0; i < Palette.SIZE; i++) {
      rgb[i] = Integer.parseInt(Palette.COLOURS.get(i).substring(1), 16);
    }
    return rgb;
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
    DataOutputStream d = new DataOutputStream(out);
    d.writeInt(data.length);
    byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    d.write(t);
    d.write(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    d.writeInt((int) crc.getValue());
  }
}
