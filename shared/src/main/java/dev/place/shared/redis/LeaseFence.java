package dev.place.shared.redis;

import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Which registry buckets an instance may send to at this instant: those it holds a lease on whose
 * safe window (on the monotonic clock) has not ended. Immutable: {@link BucketLeases} publishes a
 * new one after every rebalance, and every send reads the current one, a map lookup and a clock read.
 */
public final class LeaseFence {

  static final LeaseFence NONE = new LeaseFence(Map.of(), Map.of(), System::nanoTime);

  private final Map<Integer, Long> epochs;
  private final Map<Integer, Long> validUntilNanos;
  private final LongSupplier nanoClock;

  LeaseFence(Map<Integer, Long> epochs, Map<Integer, Long> validUntilNanos, LongSupplier nanoClock) {
    this.epochs = epochs;
    this.validUntilNanos = validUntilNanos;
    this.nanoClock = nanoClock;
  }

  /** True while this instance holds the bucket's lease and its safe window is still open. */
  public boolean maySend(int bucket) {
    Long until = validUntilNanos.get(bucket);
    return until != null && nanoClock.getAsLong() - until < 0;
  }

  /** The epoch of the bucket's lease held, or 0. */
  public long epoch(int bucket) {
    return epochs.getOrDefault(bucket, 0L);
  }
}
