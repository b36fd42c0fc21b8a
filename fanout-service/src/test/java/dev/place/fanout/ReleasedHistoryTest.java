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

  @Test
  void aTakenOverConnectionGetsExactlyTheSequencesAfterTheLastHoldersCut() {
    history.record(List.of(run(A, 1, 5), run(B, 1, 2)), 1_000);
    history.record(List.of(run(A, 6, 3)), 1_100);

    List<TileRun> catchUp = history.catchUp(Map.of(A, 4L, B, 2L));

    assertThat(catchUp).containsExactly(TileRun.sequence(A, 5, TileRun.pixel(5, 5), TileRun.pixel(6, 6),
        TileRun.pixel(7, 7), TileRun.pixel(8, 8)));
  }

  @Test
  void aTileTheCutDoesNotNameGetsThisInstancesWholeHistoryOfIt() {
    history.record(List.of(run(A, 10, 3)), 1_000);
    assertThat(history.catchUp(Map.of())).containsExactly(run(A, 10, 3));
  }

  @Test
  void aCutOlderThanTheHistoryReachesIsAResyncOfTheMissingRange() {
    history.record(List.of(run(A, 100, 3)), 1_000);
    assertThat(history.catchUp(Map.of(A, 50L))).containsExactly(TileRun.resync(A, 51, 102));
  }

  @Test
  void aResyncInTheHistoryIsPassedOnAsAResync() {
    history.record(List.of(run(A, 1, 2)), 1_000);
    history.record(List.of(TileRun.resync(A, 3, 4), run(A, 5, 1)), 1_100);
    assertThat(history.catchUp(Map.of(A, 1L))).containsExactly(TileRun.resync(A, 2, 5));
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
    assertThat(history.reached(Map.of(A, 4L))).isTrue();
    assertThat(history.reached(Map.of(A, 5L))).isFalse();
    assertThat(history.reached(Map.of(B, 1L))).isFalse();
  }

  @Test
  void handoverCutsRoundTripAndAnEmptyCutDiffersFromNone() {
    Map<TileId, Long> cut = Map.of(A, 7L, B, 12L);
    assertThat(HandoverCuts.decode(HandoverCuts.encode(cut))).isEqualTo(cut);
    assertThat(HandoverCuts.decode(HandoverCuts.encode(Map.of()))).isEmpty();
    assertThat(HandoverCuts.decode(new byte[0])).isNull();
    assertThat(HandoverCuts.decode(null)).isNull();
  }
}
