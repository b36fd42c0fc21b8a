package dev.place.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FanoutMetricsTest {

  @Test
  void eachLineIsAnEmbeddedMetricDocumentWithTheMinutesDeltasAndWorstLag() {
    FanoutMetrics metrics = new FanoutMetrics();
    metrics.observeLag(40);
    metrics.observeLag(250);
    metrics.observeLag(90);

    String first = metrics.report(1_764_316_800_000L, 100, 3, 1);

    assertThat(first).startsWith("{\"_aws\":{\"Timestamp\":1764316800000,\"CloudWatchMetrics\":[{\"Namespace\":\"Place/Fanout\"")
        .contains("\"Dimensions\":[[]]", "{\"Name\":\"ConsumerLagMs\",\"Unit\":\"Milliseconds\"}")
        .endsWith("\"ConsumerLagMs\":250,\"PostSent\":100,\"PostGone\":3,\"PostThrottled\":1}");
    assertThat(first).doesNotContain("\n");

    String second = metrics.report(1_764_316_860_000L, 160, 3, 4);
    assertThat(second).endsWith("\"ConsumerLagMs\":0,\"PostSent\":60,\"PostGone\":0,\"PostThrottled\":3}");
  }

  @Test
  void negativeLagFromClockSkewCountsAsCaughtUp() {
    FanoutMetrics metrics = new FanoutMetrics();
    metrics.observeLag(-20);
    assertThat(metrics.report(0, 0, 0, 0)).contains("\"ConsumerLagMs\":0,");
  }
}
