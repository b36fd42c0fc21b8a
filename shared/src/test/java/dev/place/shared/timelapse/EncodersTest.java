package dev.place.shared.timelapse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.jcodec.api.FrameGrab;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.model.Picture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncodersTest {

  private static final int TILE = 32;

  /** Random placements on a 64×48 region over 1 s, plus a solid block placed first so frame 0 has content. */
  static MemoryHistory history(int events) {
    return new MemoryHistory(TILE, historyEvents(events));
  }

  static List<PixelEvent> historyEvents(int events) {
    List<PixelEvent> list = new ArrayList<>();
    long[] seq = new long[4];
    SplittableRandom random = new SplittableRandom(7);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        list.add(new PixelEvent(new TileId(0, 0), ++seq[0], x, y, 3, "u", 0)); // dark grey block at t=0
      }
    }
    for (int i = 0; i < events; i++) {
      int x = 16 + random.nextInt(48);
      int y = random.nextInt(48);
      TileId tile = new TileId(x / TILE, y / TILE);
      list.add(new PixelEvent(tile, ++seq[tile.ty() * 2 + tile.tx()], x, y, random.nextInt(16), "u", 1 + i * 1000L / events));
    }
    return list;
  }

  @Test
  void theMp4IsAValidH264FileWhoseFirstFrameDecodesToTheFirstCanvasFrame(@TempDir Path dir) throws Exception {
    Region r = new Region(0, 0, 64, 48);
    FramePlan plan = Replays.plan(history(2000), r, TILE, FramePlan.evenTimes(0, 1000, 60));
    Path out = dir.resolve("t.mp4");
    List<Integer> progress = new ArrayList<>();
    int written = Mp4Writer.write(plan, 30, out, 2, done -> {
      synchronized (progress) {
        progress.add(done);
      }
    });
    assertThat(written).isEqualTo(60);
    assertThat(progress).hasSize(60).contains(60);

    FrameGrab grab = FrameGrab.createFrameGrab(NIOUtils.readableChannel(out.toFile()));
    assertThat(grab.getVideoTrack().getMeta().getTotalFrames()).isEqualTo(60);
    Picture first = grab.getNativeFrame();
    assertThat(first.getWidth()).isGreaterThanOrEqualTo(64);
    assertThat(first.getHeight()).isGreaterThanOrEqualTo(48);
    // Lossy, so compare luma within a tolerance: the dark block and the white rest of frame 0.
    byte[] y = first.getPlaneData(0);
    int stride = first.getPlaneWidth(0);
    int scale = Mp4Writer.scale(r);
    assertThat(first.getWidth()).isEqualTo(64 * scale);
    assertThat(Math.abs(y[8 * scale * stride + 8 * scale] - Mp4Writer.YuvConverter.luma(3))).isLessThan(12);
    assertThat(Math.abs(y[40 * scale * stride + 50 * scale] - Mp4Writer.YuvConverter.luma(0))).isLessThan(12);
    // And the second worker's range (starting with its own IDR frame) decodes too.
    Picture last = FrameGrab.createFrameGrab(NIOUtils.readableChannel(out.toFile())).seekToFramePrecise(59).getNativeFrame();
    assertThat(last).isNotNull();
    assertThat(last.getWidth()).isEqualTo(first.getWidth());
  }

  /** Every pixel of a 40×30 region a random colour, repainted over 1 s: the hardest frame for 4:2:0. */
  static MemoryHistory noise() {
    List<PixelEvent> list = new ArrayList<>();
    long[] seq = new long[4];
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 3 * 40 * 30; i++) {
      int x = i % 40;
      int y = (i / 40) % 30;
      TileId tile = new TileId(x / TILE, y / TILE);
      list.add(new PixelEvent(tile, ++seq[tile.ty() * 2 + tile.tx()], x, y, random.nextInt(16), "u", 1 + i / 4));
    }
    return new MemoryHistory(TILE, list);
  }

  @Test
  void everyPixelOfTheLastFrameDecodesToItsOwnPaletteColourAtTheMinimumAndTheChosenScale(@TempDir Path dir)
      throws Exception {
    Region r = new Region(0, 0, 40, 30);
    FramePlan plan = Replays.plan(noise(), r, TILE, FramePlan.evenTimes(0, 1000, 30));
    byte[] canvas = plan.last();
    for (int scale : new int[] {2, Mp4Writer.scale(r)}) {
      Path out = dir.resolve("noise-" + scale + ".mp4");
      Mp4Writer.write(plan, 30, out, 2, done -> { }, scale);

      Decoded last = Decoded.lastFrame(out, 30, r.width() * scale, r.height() * scale);
      List<String> wrong = new ArrayList<>();
      for (int y = 0; y < r.height(); y++) {
        for (int x = 0; x < r.width(); x++) {
          int colour = last.nearestPaletteColour(x, y, scale);
          if (colour != canvas[y * r.width() + x]) {
            wrong.add("(" + x + "," + y + ") " + canvas[y * r.width() + x] + "->" + colour);
          }
        }
      }
      assertThat(wrong).as("pixels whose colour did not survive at scale %d (decoded by %s)", scale, last.decoder())
          .isEmpty();
    }
  }

  @Test
  void theScaleIsEvenAtLeastTwoAndEnlargesSmallRegionsWithinLimits() {
    assertThat(Mp4Writer.scale(new Region(0, 0, 2000, 2000))).isEqualTo(2);
    assertThat(Mp4Writer.scale(new Region(0, 0, 1000, 300))).isEqualTo(2);
    assertThat(Mp4Writer.scale(new Region(0, 0, 300, 1000))).isEqualTo(2);
    assertThat(Mp4Writer.scale(new Region(0, 0, 400, 400))).isEqualTo(2);
    assertThat(Mp4Writer.scale(new Region(0, 0, 200, 100))).isEqualTo(2);
    assertThat(Mp4Writer.scale(new Region(0, 0, 100, 100))).isEqualTo(4);
    assertThat(Mp4Writer.scale(new Region(0, 0, 64, 64))).isEqualTo(8);
    assertThat(Mp4Writer.scale(new Region(0, 0, 1, 1))).isEqualTo(8);
    for (int side = 1; side <= 2000; side++) {
      int scale = Mp4Writer.scale(new Region(0, 0, side, side));
      assertThat(scale % 2).as("side %d", side).isZero();
      assertThat(side * scale).as("side %d", side).isLessThanOrEqualTo(Math.max(2 * side, Mp4Writer.TARGET_SIDE));
    }
  }

  @Test
  void theGifHasOneImagePerFrameInThePalette(@TempDir Path dir) throws Exception {
    Region r = new Region(0, 0, 64, 48);
    FramePlan plan = Replays.plan(history(500), r, TILE, FramePlan.evenTimes(0, 1000, 12));
    Path out = dir.resolve("t.gif");
    try (var stream = Files.newOutputStream(out); GifWriter gif = new GifWriter(stream, 64, 48, 10)) {
      plan.render((i, p) -> gif.frame(p));
    }
    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(out.toFile())) {
      reader.setInput(in);
      assertThat(reader.getNumImages(true)).isEqualTo(12);
      BufferedImage first = reader.read(0);
      assertThat(first.getWidth()).isEqualTo(64);
      assertThat(first.getRGB(8, 8) & 0xFFFFFF).isEqualTo(0x222222);
      assertThat(first.getRGB(40, 40) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    }
  }

  @Test
  void thePngHoldsExactlyTheFramesColours() throws Exception {
    Region r = new Region(0, 0, 64, 48);
    byte[] frame = Replays.asOf(history(3000), r, TILE, 1000);
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(PngWriter.write(frame, 64, 48)));
    assertThat(png.getWidth()).isEqualTo(64);
    assertThat(png.getHeight()).isEqualTo(48);
    int[] rgb = PngWriter.rgb();
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 64; x++) {
        assertThat(png.getRGB(x, y) & 0xFFFFFF).as("(%d,%d)", x, y).isEqualTo(rgb[frame[y * 64 + x]]);
      }
    }
  }
}
