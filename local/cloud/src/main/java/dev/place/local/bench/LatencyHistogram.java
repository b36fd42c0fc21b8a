package dev.place.local.bench;

/**
 * Latencies in fixed 1 ms buckets up to 10 s (and one overflow bucket), so that millions of
 * (placement, watcher) pairs cost a constant 80 KB and no object each. Not thread-safe: every
 * event-loop thread of the load client records into its own and they are merged at the end, so the
 * hot path never contends on a shared counter.
 */
public final class LatencyHistogram {

  static final int BUCKETS = 10_000;
  private static final long NANOS_PER_BUCKET = 1_000_000;

  private final long[] counts = new long[BUCKETS + 1];
  private long total;
  private long maxNanos;

  public void record(long nanos) {
    // Bucket i holds (i - 1, i] ms, so its upper edge is i ms.
    long bucket = (Math.max(0, nanos) + NANOS_PER_BUCKET - 1) / NANOS_PER_BUCKET;
    counts[(int) Math.min(bucket, BUCKETS)]++;
    total++;
    if (nanos > maxNanos) {
      maxNanos = nanos;
    }
  }

  public void add(LatencyHistogram other) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
    maxNanos = Math.max(maxNanos, other.maxNanos);
  }

  public long count() {
    return total;
  }

  /**
   * The {@code p}th percentile in milliseconds: the upper edge of the bucket holding the ranked
   * value (nearest rank), so a reported figure is never below the true one by more than nothing
   * and never above it by more than 1 ms. A value in the overflow bucket reads as the maximum.
   */
  public double percentileMillis(double p) {
    if (total == 0) {
      return Double.NaN;
    }
    long rank = Math.max(1, (long) Math.ceil(p / 100.0 * total));
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return i == BUCKETS ? maxMillis() : Math.min(i, maxMillis());
      }
    }
    return maxMillis();
  }

  public double maxMillis() {
    return maxNanos / 1e6;
  }
}
