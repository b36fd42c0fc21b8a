package dev.place.shared.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.canvas.TileCodec;
import dev.place.shared.canvas.TileId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BacklogTest {

  private static final TileId TILE = new TileId(0, 0);

  @Test
  void aSlowConnectionGetsEveryUpdateMergedIntoOneRunAndEndsWithTheExactTile() {
    Random random = new Random(1);
    byte[] truth = new byte[256 * 256 / 2];
    Backlog backlog = new Backlog();
    long seq = 1;
    for (int interval = 0; interval < 50; interval++) {
      int[] pixels = new int[1 + random.nextInt(20)];
      for (int i = 0; i < pixels.length; i++) {
        // Few distinct pixels, so the same pixel is painted again and again.
        pixels[i] = TileRun.pixel(random.nextInt(300), random.nextInt(16));
        TileCodec.set(truth, TileRun.indexOf(pixels[i]), TileRun.colourOf(pixels[i]));
      }
      backlog.add(List.of(TileRun.sequence(TILE, seq, pixels)));
      seq += pixels.length;
    }

    List<TileRun> runs = backlog.drain();

    assertThat(runs).hasSize(1);
    TileRun merged = runs.get(0);
    assertThat(merged.kind()).isEqualTo(TileRun.Kind.COALESCED);
    assertThat(merged.firstSeq()).isEqualTo(1);
    assertThat(merged.lastSeq()).isEqualTo(seq - 1);
    assertThat(merged.size()).isLessThanOrEqualTo(300);
    assertThat(applied(new byte[truth.length], runs)).isEqualTo(truth);
    assertThat(backlog.isEmpty()).isTrue();
  }

  @Test
  void aClientAnywhereInsideTheMergedRangeEndsExactAfterApplyingIt() {
    List<TileRun> stream = new ArrayList<>();
    Random random = new Random(2);
    for (long seq = 1; seq <= 200; seq++) {
      stream.add(TileRun.sequence(TILE, seq, TileRun.pixel(random.nextInt(50), random.nextInt(16))));
    }
    Backlog backlog = new Backlog();
    backlog.add(stream);
    TileRun merged = backlog.drain().get(0);
    byte[] truth = applied(new byte[32768], stream);

    for (int mine : new int[] {0, 1, 77, 199, 200}) {
      byte[] view = applied(new byte[32768], stream.subList(0, mine));
      if (mine < merged.lastSeq()) {
        assertThat(applied(view, List.of(merged))).as("client at %d", mine).isEqualTo(truth);
      }
    }
  }

  @Test
  void aGapInATilesSequenceStaysAGapSoTheClientSeesIt() {
    Backlog backlog = new Backlog();
    backlog.add(List.of(TileRun.sequence(TILE, 1, TileRun.pixel(1, 1)), TileRun.sequence(TILE, 3, TileRun.pixel(2, 2))));

    List<TileRun> runs = backlog.drain();

    assertThat(runs).extracting(TileRun::firstSeq).containsExactly(1L, 3L);
  }

  @Test
  void duplicatesAndRunsAlreadyCoveredAreDropped() {
    Backlog backlog = new Backlog();
    TileRun run = TileRun.sequence(TILE, 5, TileRun.pixel(1, 1), TileRun.pixel(2, 2));
    backlog.add(List.of(run, TileRun.sequence(TILE, 6, TileRun.pixel(2, 2))));

    assertThat(backlog.drain()).containsExactly(run);
  }

  @Test
  void aTileWithTooManyChangedPixelsBecomesAResyncCoveringTheWholeRange() {
    Backlog backlog = new Backlog();
    int[] many = new int[Backlog.RESYNC_ABOVE_PIXELS + 1];
    for (int i = 0; i < many.length; i++) {
      many[i] = TileRun.pixel(i, 3);
    }
    backlog.add(List.of(TileRun.sequence(TILE, 1, TileRun.pixel(0, 1)), TileRun.sequence(TILE, 2, many),
        TileRun.sequence(TILE, 2 + many.length, TileRun.pixel(0, 2))));

    assertThat(backlog.drain()).containsExactly(TileRun.resync(TILE, 1, 2 + many.length));
  }

  @Test
  void runsSentUnsuccessfullyGoBackBeforeWhatCameLater() {
    Backlog backlog = new Backlog();
    TileRun later = TileRun.sequence(TILE, 3, TileRun.pixel(9, 9));
    backlog.add(List.of(later));
    TileRun failed = TileRun.sequence(TILE, 1, TileRun.pixel(9, 1), TileRun.pixel(8, 8));

    backlog.addFirst(List.of(failed));

    assertThat(backlog.drain()).containsExactly(TileRun.coalesced(TILE, 1, 3, TileRun.pixel(8, 8), TileRun.pixel(9, 9)));
  }

  @Test
  void tilesStayApartAndCountTheirPixels() {
    Backlog backlog = new Backlog();
    backlog.add(List.of(TileRun.sequence(TILE, 1, TileRun.pixel(1, 1)),
        TileRun.sequence(new TileId(1, 0), 1, TileRun.pixel(1, 1), TileRun.pixel(2, 1))));

    assertThat(backlog.pixels()).isEqualTo(3);
    assertThat(backlog.drain()).extracting(TileRun::tile).containsExactly(TILE, new TileId(1, 0));
  }

  @Test
  void manyTilesOverManyIntervalsWithGapsAndDuplicatesEndExactPerTileAndKeepTheirRanges() {
    Random random = new Random(3);
    int tiles = 5;
    byte[][] truth = new byte[tiles][32768];
    long[] next = new long[tiles];
    java.util.Arrays.fill(next, 1);
    Backlog backlog = new Backlog();
    List<TileRun> all = new ArrayList<>();
    for (int interval = 0; interval < 300; interval++) {
      List<TileRun> runs = new ArrayList<>();
      for (int t = 0; t < tiles; t++) {
        int[] pixels = new int[1 + random.nextInt(12)];
        for (int i = 0; i < pixels.length; i++) {
          pixels[i] = TileRun.pixel(random.nextInt(1_000), random.nextInt(16));
          TileCodec.set(truth[t], TileRun.indexOf(pixels[i]), TileRun.colourOf(pixels[i]));
        }
        TileRun run = TileRun.sequence(new TileId(t, 0), next[t], pixels);
        next[t] += pixels.length;
        runs.add(run);
        if (random.nextInt(10) == 0) {
          runs.add(run); // the relay's duplicate
        }
      }
      backlog.add(runs);
      all.addAll(runs);
    }

    List<TileRun> drained = backlog.drain();

    assertThat(drained).hasSize(tiles);
    for (TileRun run : drained) {
      int t = run.tile().tx();
      assertThat(run.kind()).isEqualTo(TileRun.Kind.COALESCED);
      assertThat(run.firstSeq()).isEqualTo(1);
      assertThat(run.lastSeq()).isEqualTo(next[t] - 1);
      assertThat(run.pixels()).as("one entry per pixel, sorted by index").isSorted().doesNotHaveDuplicates();
      assertThat(applied(new byte[32768], List.of(run))).isEqualTo(truth[t]);
    }
    assertThat(backlog.pixels()).isZero();
  }

  @Test
  void theBacklogCountsEachWaitingPixelOnceAsItMerges() {
    Backlog backlog = new Backlog();
    backlog.add(List.of(TileRun.sequence(TILE, 1, TileRun.pixel(1, 1), TileRun.pixel(2, 1))));
    assertThat(backlog.pixels()).isEqualTo(2);
    backlog.add(List.of(TileRun.sequence(TILE, 3, TileRun.pixel(2, 5), TileRun.pixel(3, 5))));
    assertThat(backlog.pixels()).as("pixel 2 painted again is one pixel").isEqualTo(3);
  }

  /** The client's rule (docs/protocol.md): apply every run's pixels in order. */
  static byte[] applied(byte[] tile, List<TileRun> runs) {
    for (TileRun run : runs) {
      for (int p : run.pixels()) {
        TileCodec.set(tile, TileRun.indexOf(p), TileRun.colourOf(p));
      }
    }
    return tile;
  }
}
