package dev.place.shared.timelapse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.canvas.TileCodec;
import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Timelapses with and without moderation's restores: with them every frame is the canvas as it was
 * (the last one the live canvas), without them the restores are skipped, and the two differ exactly at
 * the pixels a restore wrote, from the restore's frame on.
 */
class TimelapseModerationTest {

  private static final int TILE = 8;
  private static final TileId T00 = new TileId(0, 0);
  private static final Region REGION = new Region(0, 0, 8, 8);
  private static final long ROLLBACK_AT = 300;

  private static PixelEvent placed(long seq, int x, int y, int colour, String user, long at) {
    return new PixelEvent(T00, seq, x, y, colour, user, at);
  }

  private static PixelEvent restored(long seq, int x, int y, int colour, long at) {
    return new PixelEvent(T00, seq, x, y, colour, "moderation", at, "act-rollback-1");
  }

  /**
   * An artist paints (1,1) and (2,1), a griefer paints over both and a bystander paints (3,3); a
   * rollback at 300 restores the artist's two pixels; a user paints (4,4) after it.
   */
  private static final List<PixelEvent> EVENTS = List.of(
      placed(1, 1, 1, 5, "artist", 100), placed(2, 2, 1, 5, "artist", 110),
      placed(3, 1, 1, 1, "griefer", 200), placed(4, 2, 1, 1, "griefer", 210), placed(5, 3, 3, 7, "bystander", 220),
      restored(6, 1, 1, 5, ROLLBACK_AT), restored(7, 2, 1, 5, ROLLBACK_AT),
      placed(8, 4, 4, 9, "late", 310));
  private static final Set<Integer> RESTORED = Set.of(1 * 8 + 1, 1 * 8 + 2);

  /** The live canvas: every event applied in sequence order, as Redis applied them. */
  private static byte[] liveCanvas() {
    byte[] pixels = new byte[REGION.pixels()];
    EVENTS.stream().sorted((a, b) -> Long.compare(a.seq(), b.seq())).forEach(e -> pixels[e.y() * 8 + e.x()] = (byte) e.colour());
    return pixels;
  }

  private static Set<Integer> differences(byte[] a, byte[] b) {
    Set<Integer> at = new TreeSet<>();
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        at.add(i);
      }
    }
    return at;
  }

  private static List<byte[]> frames(HistorySource source, long[] times, TimelapseRequest.Moderation moderation) {
    return FramePlanTest.frames(Replays.plan(source, REGION, TILE, times, TileSequences.UNCHECKED, moderation));
  }

  @Test
  void withModerationTheLastFrameIsTheLiveCanvasWithoutItTheGriefStays() {
    MemoryHistory history = new MemoryHistory(TILE, EVENTS);
    long[] times = {1000};
    byte[] with = frames(history, times, TimelapseRequest.Moderation.INCLUDE).get(0);
    byte[] without = frames(history, times, TimelapseRequest.Moderation.EXCLUDE).get(0);
    assertThat(with).isEqualTo(liveCanvas());
    assertThat(without[1 * 8 + 1]).as("the griefed pixel").isEqualTo((byte) 1);
    assertThat(without[1 * 8 + 2]).isEqualTo((byte) 1);
    assertThat(without[3 * 8 + 3]).as("a user's pixel is in both").isEqualTo((byte) 7);
    assertThat(without[4 * 8 + 4]).as("a placement after the rollback is in both").isEqualTo((byte) 9);
  }

  @Test
  void theTwoReplaysDifferExactlyAtTheRestoredPixelsFromTheRestoresFrameOn() {
    MemoryHistory history = new MemoryHistory(TILE, EVENTS);
    long[] times = FramePlan.evenTimes(0, 400, 9); // 0, 50, ..., 400
    List<byte[]> with = frames(history, times, TimelapseRequest.Moderation.INCLUDE);
    List<byte[]> without = frames(history, times, TimelapseRequest.Moderation.EXCLUDE);
    assertThat(with).hasSize(9);
    for (int i = 0; i < times.length; i++) {
      assertThat(differences(with.get(i), without.get(i))).as("frame %d, as of %d", i, times[i])
          .isEqualTo(times[i] < ROLLBACK_AT ? Set.of() : RESTORED);
    }
  }

  @Test
  void withoutModerationAReplayStartsFromTheTilesFirstEventBecauseACheckpointHoldsRestores() {
    // A checkpoint taken after the rollback (seq 7) shows the artist's pixels: it is the tile as it was.
    Checkpointed history = new Checkpointed(new MemoryHistory(TILE, EVENTS), 7);
    long[] times = {350, 1000};
    List<byte[]> with = frames(history, times, TimelapseRequest.Moderation.INCLUDE);
    List<byte[]> without = frames(history, times, TimelapseRequest.Moderation.EXCLUDE);
    assertThat(history.startsAsked).containsExactly(350L, Long.MIN_VALUE);
    assertThat(with.get(1)).isEqualTo(liveCanvas());
    assertThat(without.get(1)).isEqualTo(frames(new MemoryHistory(TILE, EVENTS), times, TimelapseRequest.Moderation.EXCLUDE).get(1));
    assertThat(differences(with.get(1), without.get(1))).isEqualTo(RESTORED);
  }

  @Test
  void aRestoreStampedAfterAFrameEndsTheTilesPrefixThereInBothReplays() {
    // seq 10 was stamped before the restore seq 9 (clocks apart): as of 312 Redis had applied neither
    // (it applied 9 first), so neither replay shows seq 10 yet, though the one without moderation
    // does not paint seq 9; as of 320 both show seq 10.
    List<PixelEvent> skewed = new ArrayList<>(EVENTS);
    skewed.add(restored(9, 5, 5, 3, 315));
    skewed.add(placed(10, 6, 6, 4, "skewed", 305));
    MemoryHistory history = new MemoryHistory(TILE, skewed);
    long[] times = {312, 320};
    for (TimelapseRequest.Moderation m : TimelapseRequest.Moderation.values()) {
      List<byte[]> f = frames(history, times, m);
      assertThat(f.get(0)[4 * 8 + 4]).as("%s as of 312: seq 8 (at 310) is in", m).isEqualTo((byte) 9);
      assertThat(f.get(0)[6 * 8 + 6]).as("%s as of 312", m).isEqualTo((byte) 0);
      assertThat(f.get(1)[6 * 8 + 6]).as("%s as of 320", m).isEqualTo((byte) 4);
      assertThat(f.get(1)[5 * 8 + 5]).as("%s: the restore", m).isEqualTo((byte) (m == TimelapseRequest.Moderation.INCLUDE ? 3 : 0));
    }
  }

  @Test
  void renderedGifsEndOnTheLiveCanvasWithModerationAndOnTheGriefWithout(@TempDir Path dir) throws Exception {
    MemoryHistory history = new MemoryHistory(TILE, EVENTS);
    TimelapseRequest with = new TimelapseRequest(REGION, 0, 400, 10, 5, TimelapseRequest.Format.GIF,
        TimelapseRequest.Moderation.INCLUDE);
    TimelapseRequest without = new TimelapseRequest(REGION, 0, 400, 10, 5, TimelapseRequest.Format.GIF,
        TimelapseRequest.Moderation.EXCLUDE);
    assertThat(without.id()).isNotEqualTo(with.id());
    TimelapseRenderer.render(history, TILE, with, dir.resolve(with.fileName()), 1, p -> {});
    TimelapseRenderer.render(history, TILE, without, dir.resolve(without.fileName()), 1, p -> {});
    byte[] lastWith = lastGifFrame(dir.resolve(with.fileName()));
    byte[] lastWithout = lastGifFrame(dir.resolve(without.fileName()));
    assertThat(lastWith).isEqualTo(liveCanvas());
    assertThat(differences(lastWith, lastWithout)).isEqualTo(RESTORED);
  }

  /** The last frame of a GIF, mapped back to palette indices. */
  static byte[] lastGifFrame(Path gif) throws Exception {
    Map<Integer, Byte> index = new HashMap<>();
    int[] rgb = PngWriter.rgb();
    for (int i = 0; i < rgb.length; i++) {
      index.put(rgb[i], (byte) i);
    }
    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
      reader.setInput(in);
      BufferedImage last = reader.read(reader.getNumImages(true) - 1);
      byte[] pixels = new byte[last.getWidth() * last.getHeight()];
      for (int y = 0; y < last.getHeight(); y++) {
        for (int x = 0; x < last.getWidth(); x++) {
          Byte colour = index.get(last.getRGB(x, y) & 0xFFFFFF);
          assertThat(colour).as("(%d,%d) is a palette colour", x, y).isNotNull();
          pixels[y * last.getWidth() + x] = colour;
        }
      }
      return pixels;
    } finally {
      reader.dispose();
    }
  }

  /** Like TileHistory: a checkpoint after {@code seq} (restores included) for any "as of" after it, seq 0 before. */
  private static final class Checkpointed implements HistorySource {

    private final MemoryHistory events;
    private final TileState checkpoint;
    final List<Long> startsAsked = new ArrayList<>();

    Checkpointed(MemoryHistory events, long seq) {
      this.events = events;
      byte[] pixels = new byte[TILE * TILE / 2];
      long maxAt = Long.MIN_VALUE;
      for (PixelEvent e : EVENTS) {
        if (e.seq() <= seq) {
          TileCodec.set(pixels, e.y() * TILE + e.x(), e.colour());
          maxAt = Math.max(maxAt, e.placedAtMillis());
        }
      }
      checkpoint = new TileState(T00, seq, maxAt, pixels);
    }

    @Override
    public TileState start(TileId tile, long atMillis) {
      startsAsked.add(atMillis);
      return atMillis >= checkpoint.maxAtMillis() ? checkpoint : events.start(tile, atMillis);
    }

    @Override
    public TileEvents events(TileState start, long untilMillis) {
      return events.events(start, untilMillis);
    }
  }
}
