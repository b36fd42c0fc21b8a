package dev.place.shared.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The per-pixel history reads of a large action: bounded in flight, so the driver never runs out of request slots. */
class HistoryPlacementSourceTest {

  @Test
  void thePerPixelReadsNeverHaveMoreThanTheBoundInFlightAndEveryOneIsRead() {
    ExecutorService completer = Executors.newFixedThreadPool(16);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<Integer> keys = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      keys.add(i);
    }
    try {
      Map<Integer, CompletableFuture<Integer>> reads = HistoryPlacementSource.readBounded(keys, 8, key -> {
        most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        return CompletableFuture.supplyAsync(() -> {
          try {
            Thread.sleep(1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          inFlight.decrementAndGet();
          return key * 2;
        }, completer);
      });

      assertThat(reads).hasSize(2_000);
      reads.forEach((key, read) -> assertThat(read.join()).isEqualTo(key * 2));
      assertThat(most.get()).as("reads unfinished at once").isBetween(1, 8);
    } finally {
      completer.shutdownNow();
    }
  }

  @Test
  void aReadThatCannotEvenStartFailsTheWholeAndNoFurtherReadStarts() {
    AtomicInteger started = new AtomicInteger();
    assertThatThrownBy(() -> HistoryPlacementSource.readBounded(List.of(1, 2, 3), 1, key -> {
      started.incrementAndGet();
      if (key == 2) {
        throw new IllegalStateException("session closed");
      }
      return CompletableFuture.completedFuture(key);
    })).isInstanceOf(IllegalStateException.class).hasMessage("session closed");
    assertThat(started).hasValue(2);
  }
}
