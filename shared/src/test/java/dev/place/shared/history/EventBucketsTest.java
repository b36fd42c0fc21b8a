package dev.place.shared.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventBucketsTest {

  @Test
  void theBucketIsTheTileSequenceModuloTheBucketCount() {
    assertThat(EventBuckets.of(1)).isEqualTo(1);
    assertThat(EventBuckets.of(63)).isEqualTo(63);
    assertThat(EventBuckets.of(64)).isZero();
    assertThat(EventBuckets.of(65)).isEqualTo(1);
    assertThat(EventBuckets.of(0)).isZero();
  }

  @Test
  void consecutiveEventsOfAHotTileSpreadEvenlyOverEveryBucket() {
    Map<Integer, Integer> perBucket = new HashMap<>();
    int events = EventBuckets.COUNT * 1000;
    for (long seq = 1; seq <= events; seq++) {
      perBucket.merge(EventBuckets.of(seq), 1, Integer::sum);
    }
    assertThat(perBucket).hasSize(EventBuckets.COUNT);
    assertThat(perBucket.values()).allSatisfy(n -> assertThat(n).isEqualTo(1000));
  }

  @Test
  void bucketsStayInRangeForAnySequenceIncludingHugeOnes() {
    for (long seq : new long[] {Long.MAX_VALUE, Long.MAX_VALUE - 1, 1L << 40, 123_456_789_012L}) {
      assertThat(EventBuckets.of(seq)).isBetween(0, EventBuckets.COUNT - 1);
    }
  }

  @Test
  void aTileTakingAllOf35kWritesPerSecondStaysUnderHalfOfKeyspacesPerPartitionLimit() {
    // docs/scale.md, Keyspaces: 1,000 WCU/s per partition; one row under 1 KB costs 1 WCU.
    double perPartition = 35_000.0 / EventBuckets.COUNT;
    assertThat(perPartition).isLessThan(1_000 * 0.6);
  }
}
