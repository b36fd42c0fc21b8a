package dev.place.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.canvas.TileId;
import dev.place.shared.delivery.TileRun;
import dev.place.shared.event.PixelEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class TileReorderBufferTest {

  private static final TileId A = new TileId(0, 0);
  private static final TileId B = new TileId(1, 0);
  /** Gaps are looked up in the journal after 100 ms and given up after 500 ms. */
  private final TileReorderBuffer buffer = new TileReorderBuffer(100, 500, 256);

  private static PixelEvent event(TileId tile, long seq) {
    return new PixelEvent(tile, seq, tile.tx() * 256 + (int) seq, tile.ty() * 256, (int) (seq % 16), "u", 0);
  }

  private static List<String> runs(TileReorderBuffer.Release release, TileId tile) {
    return release.runs().stream().filter(r -> r.tile().equals(tile))
        .map(r -> r.kind() + " " + r.firstSeq() + ".." + r.lastSeq()).toList();
  }

  @Test
  void eventsArrivingOutOfOrderAreReleasedInSequenceOrder() {
    buffer.add(event(A, 1), 0);
    assertThat(runs(buffer.drain(0), A)).containsExactly("SEQUENCE 1..1");
    buffer.add(event(A, 3), 10);
    buffer.add(event(A, 2), 12);
    assertThat(runs(buffer.drain(20), A)).containsExactly("SEQUENCE 2..3");
  }

  @Test
  void seededATileContinuesAfterItsSequenceAndATileFirstSeenThroughALaterEventWaitsForItsFirst() {
    TileId b = new TileId(1, 0);
    buffer.seed(java.util.Map.of(A, 40L));
    buffer.add(event(A, 42), 0);
    buffer.add(event(b, 3), 0);
    TileReorderBuffer.Release first = buffer.drain(0);
    assertThat(first.runs()).as("41 of A and 1..2 of the new tile B are missing").isEmpty();

    TileReorderBuffer.Release later = buffer.drain(100);
    assertThat(later.gapsToFill()).containsExactlyInAnyOrder(new TileReorderBuffer.Gap(A, 41, 41),
        new TileReorderBuffer.Gap(b, 1, 2));
    // The journal relay's republished events arrive late: delivered, not dropped as duplicates.
    buffer.add(event(b, 1), 120);
    buffer.add(event(b, 2), 120);
    buffer.add(event(A, 41), 120);
    TileReorderBuffer.Release filled = buffer.drain(130);
    assertThat(runs(filled, b)).containsExactly("SEQUENCE 1..3");
    assertThat(runs(filled, A)).containsExactly("SEQUENCE 41..42");
  }

  @Test
  void aReleasedRunCarriesEachEventsPixelInSequenceOrder() {
    buffer.add(event(A, 2), 0);
    buffer.add(event(A, 1), 0);
    TileRun run = buffer.drain(0).runs().get(0);
    assertThat(run.pixels()).containsExactly(TileRun.pixel(1, 1), TileRun.pixel(2, 2));
  }

  @Test
  void aGapIsHeldBackUntilTheMissingEventArrives() {
    buffer.add(event(A, 1), 0);
    buffer.drain(0);
    buffer.add(event(A, 3), 10);
    assertThat(buffer.drain(50).runs()).isEmpty();
    buffer.add(event(A, 2), 60);
    assertThat(runs(buffer.drain(70), A)).containsExactly("SEQUENCE 2..3");
  }

  @Test
  void aGapThatWaitedAnIntervalIsAskedForOnceFromTheJournal() {
    buffer.add(event(A, 1), 0);
    buffer.drain(0);
    buffer.add(event(A, 4), 10);
    assertThat(buffer.drain(50).gapsToFill()).isEmpty();
    TileReorderBuffer.Release release = buffer.drain(110);
    assertThat(release.runs()).isEmpty();
    assertThat(release.gapsToFill()).containsExactly(new TileReorderBuffer.Gap(A, 2, 3));
    assertThat(buffer.drain(210).gapsToFill()).as("the same gap is not asked for again").isEmpty();
  }

  @Test
  void eventsFoundInTheJournalFillTheGapAndTheTileContinuesInOrder() {
    buffer.add(event(A, 1), 0);
    buffer.drain(0);
    buffer.add(event(A, 4), 10);
    buffer.drain(110);
    // What the journal lookup found, then the same events arriving late from Kafka (the relay).
    buffer.add(event(A, 2), 120);
    buffer.add(event(A, 3), 120);
    assertThat(runs(buffer.drain(200), A)).containsExactly("SEQUENCE 2..4");
    buffer.add(event(A, 2), 3_000);
    buffer.add(event(A, 3), 3_000);
    assertThat(buffer.drain(3_100).runs()).isEmpty();
    assertThat(buffer.duplicates()).isEqualTo(2);
    assertThat(buffer.resyncRuns()).isZero();
  }

  @Test
  void aGapThatNothingFillsIsReleasedAsAResyncRunBeforeTheLaterEvents() {
    buffer.add(event(A, 1), 0);
    buffer.drain(0);
    buffer.add(event(A, 4), 10);
    buffer.add(event(A, 5), 10);
    assertThat(buffer.drain(400).runs()).isEmpty();
    assertThat(runs(buffer.drain(510), A)).containsExactly("RESYNC 2..3", "SEQUENCE 4..5");
    assertThat(buffer.resyncRuns()).isEqualTo(1);
  }

  @Test
  void anEventArrivingAfterItsGapWasResyncedIsCoveredByThatResyncAndNotSentBackwards() {
    buffer.add(event(A, 1), 0);
    buffer.drain(0);
    buffer.add(event(A, 3), 10);
    buffer.drain(110);
    buffer.drain(510);
    buffer.add(event(A, 2), 600);
    buffer.add(event(A, 4), 600);
    assertThat(runs(buffer.drain(610), A)).containsExactly("SEQUENCE 4..4");
    assertThat(buffer.arrivedAfterResync()).isEqualTo(1);
    assertThat(buffer.duplicates()).isZero();
  }

  @Test
  void aSecondGapBehindAResyncedOneWaitsItsOwnTime() {
    buffer.add(event(A, 1), 0);
    buffer.drain(0);
    buffer.add(event(A, 3), 10);
    buffer.add(event(A, 6), 10);
    buffer.drain(110);
    assertThat(runs(buffer.drain(510), A)).containsExactly("RESYNC 2..2", "SEQUENCE 3..3");
    assertThat(buffer.drain(610).gapsToFill()).containsExactly(new TileReorderBuffer.Gap(A, 4, 5));
    assertThat(runs(buffer.drain(1_010), A)).containsExactly("RESYNC 4..5", "SEQUENCE 6..6");
  }

  @Test
  void aStalledProcessThatResumesReleasesEverythingInOrderWithItsGapsAnnounced() {
    buffer.add(event(A, 1), 0);
    buffer.add(event(A, 2), 0);
    buffer.add(event(A, 4), 0);
    // Ten seconds without a drain (SIGSTOP), then one: the journal is asked first, then the gap is
    // announced; nothing is lost, nothing goes backwards.
    assertThat(runs(buffer.drain(10_000), A)).containsExactly("SEQUENCE 1..2");
    assertThat(buffer.drain(10_100).gapsToFill()).containsExactly(new TileReorderBuffer.Gap(A, 3, 3));
    assertThat(runs(buffer.drain(10_500), A)).containsExactly("RESYNC 3..3", "SEQUENCE 4..4");
  }

  @Test
  void duplicatesFromTheJournalRelayAreSentOnce() {
    buffer.add(event(A, 1), 0);
    buffer.add(event(A, 1), 0);
    assertThat(runs(buffer.drain(0), A)).containsExactly("SEQUENCE 1..1");
    buffer.add(event(A, 1), 5);
    assertThat(buffer.drain(5).isEmpty()).isTrue();
    assertThat(buffer.duplicates()).isEqualTo(2);
  }

  @Test
  void tilesAreOrderedIndependently() {
    buffer.add(event(A, 5), 0);
    buffer.add(event(B, 9), 0);
    TileReorderBuffer.Release first = buffer.drain(0);
    assertThat(runs(first, A)).containsExactly("SEQUENCE 5..5");
    assertThat(runs(first, B)).containsExactly("SEQUENCE 9..9");
    buffer.add(event(B, 11), 1);
    buffer.add(event(A, 6), 1);
    TileReorderBuffer.Release second = buffer.drain(2);
    assertThat(runs(second, A)).containsExactly("SEQUENCE 6..6");
    assertThat(runs(second, B)).isEmpty();
  }

  @Test
  void anEmptyIntervalDrainsNothing() {
    assertThat(buffer.drain(0).isEmpty()).isTrue();
  }
}
