package dev.place.shared.timelapse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jcodec.api.FrameGrab;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.model.Picture;

/**
 * A decoded video frame as YUV 4:2:0 planes, samples minus 128 (jcodec's convention). Decoded by
 * ffmpeg when it is on PATH (an independent decoder, the one players use), else by jcodec.
 */
record Decoded(String decoder, int width, int height, int[] y, int[] u, int[] v) {

  static Decoded lastFrame(Path mp4, int frames, int width, int height) throws Exception {
    Decoded byFfmpeg = ffmpeg(mp4, width, height);
    return byFfmpeg != null ? byFfmpeg : jcodec(mp4, frames);
  }

  /** The palette colour closest (in Y'CbCr) to the mean of the block that shows canvas pixel (x, y). */
  int nearestPaletteColour(int x, int y, int scale) {
    long sy = 0;
    long su = 0;
    long sv = 0;
    for (int dy = 0; dy < scale; dy++) {
      for (int dx = 0; dx < scale; dx++) {
        sy += this.y[(y * scale + dy) * width + x * scale + dx];
      }
    }
    int half = scale / 2;
    for (int dy = 0; dy < half; dy++) {
      for (int dx = 0; dx < half; dx++) {
        int i = (y * half + dy) * (width / 2) + x * half + dx;
        su += u[i];
        sv += v[i];
      }
    }
    double my = (double) sy / (scale * scale);
    double mu = (double) su / (half * half);
    double mv = (double) sv / (half * half);
    int best = -1;
    double bestDistance = Double.MAX_VALUE;
    for (int c = 0; c < 16; c++) {
      int[] p = Mp4Writer.YuvConverter.yuv(c);
      double d = (my - p[0]) * (my - p[0]) + (mu - p[1]) * (mu - p[1]) + (mv - p[2]) * (mv - p[2]);
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    return best;
  }

  private static Decoded jcodec(Path mp4, int frames) throws Exception {
    Picture last = FrameGrab.createFrameGrab(NIOUtils.readableChannel(mp4.toFile()))
        .seekToFramePrecise(frames - 1).getNativeFrame();
    int w = last.getWidth();
    int h = last.getHeight();
    int[] y = new int[w * h];
    int[] u = new int[w * h / 4];
    int[] v = new int[w * h / 4];
    for (int row = 0; row < h; row++) {
      for (int col = 0; col < w; col++) {
        y[row * w + col] = last.getPlaneData(0)[row * last.getPlaneWidth(0) + col];
      }
    }
    for (int row = 0; row < h / 2; row++) {
      for (int col = 0; col < w / 2; col++) {
        u[row * (w / 2) + col] = last.getPlaneData(1)[row * last.getPlaneWidth(1) + col];
        v[row * (w / 2) + col] = last.getPlaneData(2)[row * last.getPlaneWidth(2) + col];
      }
    }
    return new Decoded("jcodec", w, h, y, u, v);
  }

  /** Every frame as raw planar 4:2:0 in the decoder's own format (no range or colour conversion); the last one kept. */
  private static Decoded ffmpeg(Path mp4, int width, int height) throws IOException, InterruptedException {
    Path raw = mp4.resolveSibling(mp4.getFileName() + ".yuv");
    Process process;
    try {
      process = new ProcessBuilder("ffmpeg", "-v", "error", "-y", "-i", mp4.toString(), "-f", "rawvideo", raw.toString())
          .redirectErrorStream(true).start();
    } catch (IOException notOnPath) {
      return null;
    }
    process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("ffmpeg could not decode " + mp4);
    }
    byte[] all = Files.readAllBytes(raw);
    int frameBytes = width * height * 3 / 2;
    if (all.length < frameBytes || all.length % frameBytes != 0) {
      throw new IllegalStateException("ffmpeg decoded " + all.length + " bytes, not frames of " + width + "x" + height);
    }
    int base = all.length - frameBytes;
    int[] y = new int[width * height];
    int[] u = new int[width * height / 4];
    int[] v = new int[width * height / 4];
    for (int i = 0; i < y.length; i++) {
      y[i] = (all[base + i] & 0xff) - 128;
    }
    for (int i = 0; i < u.length; i++) {
      u[i] = (all[base + y.length + i] & 0xff) - 128;
      v[i] = (all[base + y.length + u.length + i] & 0xff) - 128;
    }
    return new Decoded("ffmpeg", width, height, y, u, v);
  }
}
