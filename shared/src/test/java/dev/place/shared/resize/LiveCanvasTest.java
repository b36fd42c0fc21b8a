package dev.place.shared.resize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.canvas.CanvasGeometry;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LiveCanvasTest {

  private final CanvasGeometry configured = new CanvasGeometry(1000, 1000, 256);
  private final AtomicReference<Optional<CanvasSizes.Size>> stored = new AtomicReference<>(Optional.empty());
  private final AtomicInteger reads = new AtomicInteger();
  private final AtomicLong now = new AtomicLong(0);
  private final LiveCanvas live = new LiveCanvas(configured, () -> {
    reads.incrementAndGet();
    return stored.get();
  }, 1_000, now::get);

  @Test
  void growsToTheStoredSizeWithinTheRefreshInterval() {
    assertThat(live.get()).isEqualTo(configured);

    stored.set(Optional.of(new CanvasSizes.Size(2000, 1500)));
    now.set(999);
    assertThat(live.get()).as("cached until the interval passes").isEqualTo(configured);
    now.set(1000);
    assertThat(live.get()).isEqualTo(new CanvasGeometry(2000, 1500, 256));
    assertThat(reads.get()).isEqualTo(2);
  }

  @Test
  void neverSmallerThanConfiguredAndKeepsTheLastSizeWhenRedisFails() {
    stored.set(Optional.of(new CanvasSizes.Size(500, 3000)));
    assertThat(live.get()).isEqualTo(new CanvasGeometry(1000, 3000, 256));

    LiveCanvas failing = new LiveCanvas(configured, () -> {
      throw new IllegalStateException("redis down");
    }, 1_000, now::get);
    assertThat(failing.get()).isEqualTo(configured);
  }

  @Test
  void sizesParse() {
    assertThat(CanvasSizes.Size.parse("2000x1500")).isEqualTo(new CanvasSizes.Size(2000, 1500));
  }
}
