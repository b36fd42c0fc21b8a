package dev.place.shared.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LeaseFenceTest {

  private static final long MS = 1_000_000L;
  private final AtomicLong nanos = new AtomicLong(1_000 * MS);

  @Test
  void aHeldBucketMaySendUntilItsSafeWindowEnds() {
    LeaseFence fence = new LeaseFence(Map.of(3, 7L), Map.of(3, nanos.get() + 5_000 * MS), nanos::get);
    assertThat(fence.maySend(3)).isTrue();
    nanos.addAndGet(4_999 * MS);
    assertThat(fence.maySend(3)).isTrue();
    nanos.addAndGet(MS);
    assertThat(fence.maySend(3)).isFalse();
    assertThat(fence.epoch(3)).isEqualTo(7L);
  }

  @Test
  void aProcessResumingFromAStallFindsItsWindowClosedBeforeItsFirstSend() {
    LeaseFence fence = new LeaseFence(Map.of(0, 1L), Map.of(0, nanos.get() + 5_000 * MS), nanos::get);
    nanos.addAndGet(10_000 * MS); // SIGSTOP for 10 s: the monotonic clock moved on regardless
    assertThat(fence.maySend(0)).isFalse();
  }

  @Test
  void aBucketNotHeldMayNeverSend() {
    LeaseFence fence = new LeaseFence(Map.of(), Map.of(), nanos::get);
    assertThat(fence.maySend(1)).isFalse();
    assertThat(fence.epoch(1)).isZero();
    assertThat(LeaseFence.NONE.maySend(0)).isFalse();
  }

  @Test
  void theWindowHoldsAcrossTheNanoTimeWrap() {
    nanos.set(Long.MAX_VALUE - 1_000 * MS);
    LeaseFence fence = new LeaseFence(Map.of(0, 1L), Map.of(0, nanos.get() + 5_000 * MS), nanos::get);
    assertThat(fence.maySend(0)).isTrue();
    nanos.addAndGet(6_000 * MS);
    assertThat(fence.maySend(0)).isFalse();
  }
}
