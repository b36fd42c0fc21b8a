package dev.place.shared.timelapse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.place.shared.canvas.TileCodec;
import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramePlanTest {

  private static final int TILE = 8;
  private static final TileId T00 = new TileId(0, 0);
  private static final TileId T10 = new TileId(1, 0);

  private static PixelEvent e(TileId tile, long seq, int x, int y, int colour, long at) {
    return new PixelEvent(tile, seq, x, y, colour, "u", at);
  }

  /** A known sequence: pixel (1,1) of tile 0:0 painted 3, 5, 7 at t=100, 200, 300; tile 1:0's (9,0) at 150. */
  private static final List<PixelEvent> KNOWN = List.of(
      e(T00, 1, 1, 1, 3, 100), e(T10, 1, 9, 0, 4, 150), e(T00, 2, 1, 1, 5, 200), e(T00, 3, 1, 1, 7, 300));

  private static byte at(byte[] frame, Region r, int x, int y) {
    return frame[(y - r.y()) * r.width() + (x - r.x())];
  }

  @Test
  void canvasAsOfTShowsExactlyTheEventsPlacedUpToT() {
    MemoryHistory history = new MemoryHistory(TILE, KNOWN);
    Region r = new Region(0, 0, 16, 8);
    assertThat(at(Replays.asOf(history, r, TILE, 99), r, 1, 1)).isEqualTo((byte) 0);
    assertThat(at(Replays.asOf(history, r, TILE, 100), r, 1, 1)).isEqualTo((byte) 3);
    assertThat(at(Replays.asOf(history, r, TILE, 199), r, 1, 1)).isEqualTo((byte) 3);
    assertThat(at(Replays.asOf(history, r, TILE, 199), r, 9, 0)).isEqualTo((byte) 4);
    assertThat(at(Replays.asOf(history, r, TILE, 149), r, 9, 0)).isEqualTo((byte) 0);
    assertThat(at(Replays.asOf(history, r, TILE, 250), r, 1, 1)).isEqualTo((byte) 5);
    assertThat(at(Replays.asOf(history, r, TILE, 10_000), r, 1, 1)).isEqualTo((byte) 7);
  }

  @Test
  void aRectangleIsCutOutOfTheCanvasAtItsOffset() {
    Region r = new Region(1, 1, 9, 1); // x 1..9 of row 1
    byte[] frame = Replays.asOf(new MemoryHistory(TILE, KNOWN), r, TILE, 10_000);
    assertThat(frame).hasSize(9);
    assertThat(frame[0]).isEqualTo((byte) 7);
    assertThat(frame[8]).isEqualTo((byte) 0); // (9,1) untouched; (9,0) is outside the rectangle
  }

  @Test
  void aSkewedHandlerClockCutsTheTileAtItsFirstLaterEventLikeRedisOrder() {
    // seq 2 was stamped later than seq 3 (two handlers, clocks apart): as of 250 the tile is at seq 1,
    // because Redis applied seq 2 before seq 3 and "as of T" is a prefix of the tile's sequence.
    List<PixelEvent> skewed = List.of(e(T00, 1, 0, 0, 1, 100), e(T00, 2, 1, 0, 2, 300), e(T00, 3, 2, 0, 3, 240));
    Region r = new Region(0, 0, 8, 8);
    byte[] frame = Replays.asOf(new MemoryHistory(TILE, skewed), r, TILE, 250);
    assertThat(new byte[] {frame[0], frame[1], frame[2]}).containsExactly(1, 0, 0);
    byte[] later = Replays.asOf(new MemoryHistory(TILE, skewed), r, TILE, 300);
    assertThat(new byte[] {later[0], later[1], later[2]}).containsExactly(1, 2, 3);
  }

  @Test
  void duplicatesAndOutOfOrderDeliveryGiveTheSameFramesAsTheCleanLog() {
    List<PixelEvent> messy = new ArrayList<>(KNOWN);
    java.util.Collections.reverse(messy);
    messy.add(KNOWN.get(2));
    Region r = new Region(0, 0, 16, 8);
    long[] times = FramePlan.evenTimes(0, 400, 9);
    List<byte[]> clean = frames(Replays.plan(new MemoryHistory(TILE, KNOWN), r, TILE, times));
    List<byte[]> replayed = frames(Replays.plan(new MemoryHistory(TILE, messy), r, TILE, times));
    assertThat(replayed).hasSize(9);
    for (int i = 0; i < 9; i++) {
      assertThat(replayed.get(i)).as("frame %d", i).isEqualTo(clean.get(i));
    }
  }

  @Test
  void framesCountDimensionsAndTheLastFrameIsTheFinalCanvas() {
    Region r = new Region(0, 0, 16, 8);
    FramePlan plan = Replays.plan(new MemoryHistory(TILE, KNOWN), r, TILE, FramePlan.evenTimes(0, 300, 4));
    List<byte[]> frames = frames(plan);
    assertThat(frames).hasSize(4).allSatisfy(f -> assertThat(f).hasSize(16 * 8));
    // times 0, 100, 200, 300
    assertThat(frames.stream().map(f -> at(f, r, 1, 1))).containsExactly((byte) 0, (byte) 3, (byte) 5, (byte) 7);
    byte[] tile = FramePlan.toTile(frames.get(3), r, TILE, T00, new byte[TILE * TILE / 2]);
    assertThat(TileCodec.get(tile, 1 * TILE + 1)).isEqualTo(7);
  }

  @Test
  void renderingARangeStartsFromTheSameStateAsRenderingFromTheStart() throws Exception {
    Region r = new Region(0, 0, 16, 8);
    FramePlan plan = Replays.plan(new MemoryHistory(TILE, KNOWN), r, TILE, FramePlan.evenTimes(0, 300, 7));
    List<byte[]> all = frames(plan);
    List<byte[]> tail = new ArrayList<>();
    plan.render(3, 7, (i, p) -> tail.add(p.clone()));
    for (int i = 0; i < 4; i++) {
      assertThat(tail.get(i)).isEqualTo(all.get(3 + i));
    }
  }

  @Test
  void aCheckpointIsTheStartingStateAndEventsBeforeItAreNotReplayed() {
    byte[] pixels = new byte[TILE * TILE / 2];
    TileCodec.set(pixels, 2, 9); // (2,0) = 9 at the checkpoint
    TileState checkpoint = new TileState(T00, 2, 200, pixels);
    TileEvents after = TileEvents.of(T00, List.of(KNOWN.get(3)));
    Region r = new Region(0, 0, 8, 8);
    byte[] frame = FramePlan.build(r, new long[] {1000}, TILE, List.of(checkpoint), List.of(after)).last();
    assertThat(frame[2]).isEqualTo((byte) 9);
    assertThat(at(frame, r, 1, 1)).isEqualTo((byte) 7);
  }

  @Test
  void frameTimesMustNotGoBackwards() {
    assertThatThrownBy(() -> FramePlan.build(new Region(0, 0, 8, 8), new long[] {5, 4}, TILE, List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(FramePlan.evenTimes(1000, 2000, 3)).containsExactly(1000, 1500, 2000);
  }

  static List<byte[]> frames(FramePlan plan) {
    List<byte[]> out = new ArrayList<>();
    try {
      plan.render((i, p) -> out.add(p.clone()));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    return out;
  }
}
