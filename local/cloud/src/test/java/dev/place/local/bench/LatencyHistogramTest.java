package dev.place.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  private static long ms(double millis) {
    return (long) (millis * 1_000_000);
  }

  @Test
  void percentilesAreTheNearestRankRoundedUpToTheMillisecond() {
    LatencyHistogram h = new LatencyHistogram();
    for (int i = 1; i <= 100; i++) {
      h.record(ms(i - 0.5)); // 0.5, 1.5, ... 99.5 ms: each rounds up to i
    }
    assertThat(h.count()).isEqualTo(100);
    assertThat(h.percentileMillis(50)).isEqualTo(50.0);
    assertThat(h.percentileMillis(95)).isEqualTo(95.0);
    assertThat(h.percentileMillis(99)).isEqualTo(99.0);
    assertThat(h.maxMillis()).isEqualTo(99.5);
  }

  @Test
  void aPercentileIsNeverReportedAboveTheMaximum() {
    LatencyHistogram h = new LatencyHistogram();
    h.record(ms(0.3));
    assertThat(h.percentileMillis(99)).isEqualTo(0.3);
  }

  @Test
  void latenciesBeyondTenSecondsReadAsTheMaximum() {
    LatencyHistogram h = new LatencyHistogram();
    h.record(ms(5));
    h.record(ms(12_345));
    assertThat(h.percentileMillis(50)).isEqualTo(5.0);
    assertThat(h.percentileMillis(99)).isEqualTo(12_345.0);
  }

  @Test
  void mergingAddsCountsAndKeepsTheLargerMaximum() {
    LatencyHistogram a = new LatencyHistogram();
    LatencyHistogram b = new LatencyHistogram();
    a.record(ms(10));
    b.record(ms(20));
    b.record(ms(30));
    a.add(b);
    assertThat(a.count()).isEqualTo(3);
    assertThat(a.percentileMillis(50)).isEqualTo(20.0);
    assertThat(a.maxMillis()).isEqualTo(30.0);
  }

  @Test
  void anEmptyHistogramHasNoPercentiles() {
    assertThat(new LatencyHistogram().percentileMillis(50)).isNaN();
  }
}
