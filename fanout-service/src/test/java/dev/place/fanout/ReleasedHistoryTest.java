package dev.place.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.canvas.TileId;
import dev.place.shared.delivery.TileRun;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReleasedHistoryTest {

  private static final TileId A = new TileId(0, 0);
  private static final TileId B = new TileId(1, 0);
  private final ReleasedHistory history = new ReleasedHistory();

  private static TileRun run(TileId tile, long first, int count) {
    int[] pixels = new int[count];
    for (int i = 0; i < count; i++) {
      pixels[i] = TileRun.pixel((int) (first + i), (int) ((first + i) % 16));
    }
    return TileRun.sequence(tile, first, pixels);
  }

  private static HandoverCut exact(Map<TileId, Long> positions) {
    return HandoverCut.of(positions, positions);
  }

  @Test
  void aTakenOverConnectionGetsExactlyTheSequencesAfterTheLastHoldersCut() {
    history.record(List.of(run(A, 1, 5), run(B, 1, 2)), 1_000);
    history.record(List.of(run(A, 6, 3)), 1_100);

    List<TileRun> catchUp = history.catchUp(exact(Map.of(A, 4L, B, 2L)));

    assertThat(catchUp).containsExactly(TileRun.sequence(A, 5, TileRun.pixel(5, 5), TileRun.pixel(6, 6),
        TileRun.pixel(7, 7), TileRun.pixel(8, 8)));
  }

  @Test
  void aTileTheCutDoesNotNameGetsThisInstancesWholeHistoryOfIt() {
    history.record(List.of(run(A, 10, 3)), 1_000);
    assertThat(history.catchUp(HandoverCut.EMPTY)).containsExactly(run(A, 10, 3));
  }

  @Test
  void aCutOlderThanTheHistoryReachesIsAResyncOfTheMissingRange() {
    history.record(List.of(run(A, 100, 3)), 1_000);
    assertThat(history.catchUp(exact(Map.of(A, 50L)))).containsExactly(TileRun.resync(A, 51, 102));
  }

  @Test
  void aResyncInTheHistoryIsPassedOnAsAResync() {
    history.record(List.of(run(A, 1, 2)), 1_000);
    history.record(List.of(TileRun.resync(A, 3, 4), run(A, 5, 1)), 1_100);
    assertThat(history.catchUp(exact(Map.of(A, 1L)))).containsExactly(TileRun.resync(A, 2, 5));
  }

  @Test
  void theCutIsTheWatermarkOfTheLastIntervalReleasedBeforeTheOldestUnsentUpdate() {
    history.record(List.of(run(A, 1, 2)), 1_000);
    history.record(List.of(run(A, 3, 2)), 1_100);
    history.record(List.of(run(A, 5, 2)), 1_200);

    assertThat(history.watermarksBefore(1_150)).isEqualTo(Map.of(A, 4L));
    assertThat(history.watermarksBefore(Long.MAX_VALUE)).isEqualTo(Map.of(A, 6L));
    assertThat(history.watermarksBefore(1_000)).isEmpty();
  }

  @Test
  void reachedIsTrueOnceEveryTileOfTheCutWasReleasedHere() {
    history.record(List.of(run(A, 1, 4)), 1_000);
    assertThat(history.reached(exact(Map.of(A, 4L)))).isTrue();
    assertThat(history.reached(exact(Map.of(A, 5L)))).isFalse();
    assertThat(history.reached(exact(Map.of(B, 1L)))).isFalse();
  }

  @Test
  void theUncertainSpanOfACutComesAsARunOfItsOwnSoThatAConnectionThatHasItIgnoresItWhole() {
    history.record(List.of(run(A, 1, 4)), 1_000);
    history.record(List.of(run(A, 5, 3)), 1_100);
    history.record(List.of(run(A, 8, 2)), 1_200);
    // The last holder had sent up to 4 to everyone and up to 7 to some (its last interval in flight).
    HandoverCut cut = HandoverCut.of(Map.of(A, 7L), Map.of(A, 4L));

    assertThat(history.catchUp(cut)).as("the span one run per sequence, then the rest")
        .containsExactly(run(A, 5, 1), run(A, 6, 1), run(A, 7, 1), run(A, 8, 2));
  }

  @Test
  void anUncertainSpanTooLongForARunPerSequenceGoesAsOneRun() {
    history.record(List.of(run(A, 1, ReleasedHistory.MAX_SPAN_RUNS + 2)), 1_000);
    HandoverCut cut = HandoverCut.of(Map.of(A, ReleasedHistory.MAX_SPAN_RUNS + 1L), Map.of(A, 0L));
    assertThat(history.catchUp(cut)).containsExactly(run(A, 1, ReleasedHistory.MAX_SPAN_RUNS + 1),
        run(A, ReleasedHistory.MAX_SPAN_RUNS + 2, 1));
  }

  @Test
  void aTileFirstReleasedInTheUncertainIntervalIsUncertainFromItsStart() {
    history.record(List.of(run(A, 1, 3)), 1_000);
    HandoverCut cut = HandoverCut.of(Map.of(A, 3L), Map.of());
    assertThat(cut.lowOf(A)).isZero();
    assertThat(history.catchUp(cut)).containsExactly(run(A, 1, 1), run(A, 2, 1), run(A, 3, 1));
  }

  @Test
  void aCatchUpIsAsOldAsTheFirstIntervalThatReleasedSomethingBeyondTheCutsLow() {
    history.record(List.of(run(A, 1, 2)), 1_000);
    history.record(List.of(run(A, 3, 2)), 1_100);
    history.record(List.of(run(B, 1, 1)), 1_200);

    assertThat(history.releasedBeyondSince(HandoverCut.of(Map.of(A, 4L, B, 1L), Map.of(A, 2L, B, 1L)))).isEqualTo(1_100);
    assertThat(history.releasedBeyondSince(exact(Map.of(A, 4L)))).as("B is not in the cut").isEqualTo(1_200);
    assertThat(history.releasedBeyondSince(exact(Map.of(A, 4L, B, 1L)))).isEqualTo(Long.MAX_VALUE);
    assertThat(history.releasedBeyondSince(HandoverCut.EMPTY)).as("older than the log reaches").isZero();
  }

  @Test
  void handoverCutsRoundTripAndAnEmptyCutDiffersFromNone() {
    HandoverCut cut = HandoverCut.of(Map.of(A, 7L, B, 12L), Map.of(A, 5L, B, 12L));
    assertThat(HandoverCut.decode(cut.encode())).isEqualTo(cut);
    assertThat(new String(cut.encode(), java.nio.charset.StandardCharsets.UTF_8)).contains("0:0=7/5").contains("1:0=12")
        .doesNotContain("12/");
    assertThat(HandoverCut.decode(HandoverCut.EMPTY.encode())).isEqualTo(HandoverCut.EMPTY);
    assertThat(HandoverCut.decode(new byte[0])).isNull();
    assertThat(HandoverCut.decode(null)).isNull();
  }

  @Test
  void anInstancesPositionGivesABucketWhoseConnectionsAreBehindItsOwnLows() {
    HandoverCut position = HandoverCut.of(Map.of(A, 9L, B, 4L), Map.of(A, 8L, B, 4L));
    byte[] bytes = position.encode(Map.of(7, HandoverCut.of(Map.of(A, 9L, B, 4L), Map.of(A, 2L)).low()));

    assertThat(HandoverCut.decode(bytes, 3)).as("an up-to-date bucket").isEqualTo(position);
    HandoverCut behind = HandoverCut.decode(bytes, 7);
    assertThat(behind.high()).isEqualTo(position.high());
    assertThat(behind.lowOf(A)).isEqualTo(2L);
    assertThat(behind.lowOf(B)).as("a tile first released after its low").isZero();
  }

  @Test
  void aCutInTheFirstFormatIsOnePositionTakenAsBothBounds() {
    HandoverCut cut = HandoverCut.decode("cut:0:0=9".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(cut.high()).isEqualTo(Map.of(A, 9L));
    assertThat(cut.lowOf(A)).isEqualTo(9L);
  }

}
