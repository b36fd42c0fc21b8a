package dev.place.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TileReorderBufferTest {

  private static final TileId A = new TileId(0, 0);
  private static final TileId B = new TileId(1, 0);
  private final TileReorderBuffer buffer = new TileReorderBuffer(100);

  private static PixelEvent event(TileId tile, long seq) {
    return new PixelEvent(tile, seq, (int) seq, 0, 1, "u", 0);
  }

  private static List<Long> seqs(Map<TileId, List<PixelEvent>> drained, TileId tile) {
    return drained.getOrDefault(tile, List.of()).stream().map(PixelEvent::seq).toList();
  }

  @Test
  void eventsArrivingOutOfOrderAreReleasedInSequenceOrder() {
    buffer.add(event(A, 1), 0);
    assertThat(seqs(buffer.drain(0), A)).containsExactly(1L);
    buffer.add(event(A, 3), 10);
    buffer.add(event(A, 2), 12);
    assertThat(seqs(buffer.drain(20), A)).containsExactly(2L, 3L);
  }

  @Test
  void aGapIsHeldBackUntilTheMissingEventArrives() {
    buffer.add(event(A, 1), 0);
    buffer.drain(0);
    buffer.add(event(A, 3), 10);
    assertThat(buffer.drain(50)).isEmpty();
    buffer.add(event(A, 2), 60);
    assertThat(seqs(buffer.drain(70), A)).containsExactly(2L, 3L);
  }

  @Test
  void aGapThatLastsLongerThanTheWaitIsSkippedAndTheLateEventDropped() {
    buffer.add(event(A, 1), 0);
    buffer.drain(0);
    buffer.add(event(A, 3), 10);
    assertThat(buffer.drain(50)).isEmpty();
    assertThat(seqs(buffer.drain(110), A)).containsExactly(3L);
    buffer.add(event(A, 2), 120);
    buffer.add(event(A, 4), 120);
    assertThat(seqs(buffer.drain(130), A)).containsExactly(4L);
  }

  @Test
  void duplicatesFromTheJournalRelayAreSentOnce() {
    buffer.add(event(A, 1), 0);
    buffer.add(event(A, 1), 0);
    assertThat(seqs(buffer.drain(0), A)).containsExactly(1L);
    buffer.add(event(A, 1), 5);
    assertThat(buffer.drain(5)).isEmpty();
  }

  @Test
  void tilesAreOrderedIndependently() {
    buffer.add(event(A, 5), 0);
    buffer.add(event(B, 9), 0);
    Map<TileId, List<PixelEvent>> first = buffer.drain(0);
    assertThat(seqs(first, A)).containsExactly(5L);
    assertThat(seqs(first, B)).containsExactly(9L);
    buffer.add(event(B, 11), 1);
    buffer.add(event(A, 6), 1);
    Map<TileId, List<PixelEvent>> second = buffer.drain(2);
    assertThat(seqs(second, A)).containsExactly(6L);
    assertThat(second).doesNotContainKey(B);
  }

  @Test
  void anEmptyIntervalDrainsNothing() {
    assertThat(buffer.drain(0)).isEmpty();
  }
}
