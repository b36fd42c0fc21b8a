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

    String first = metrics.report(1_764_316_800_000L, new FanoutMetrics.Delivery(100, 3, 1, 7, 5, 2, 1_800));

    assertThat(first).startsWith("{\"_aws\":{\"Timestamp\":1764316800000,\"CloudWatchMetrics\":[{\"Namespace\":\"Place/Fanout\"")
        .contains("\"Dimensions\":[[]]", "{\"Name\":\"ConsumerLagMs\",\"Unit\":\"Milliseconds\"}",
            "{\"Name\":\"MaxConnectionLagMs\",\"Unit\":\"Milliseconds\"}", "{\"Name\":\"LaggingConnections\",\"Unit\":\"Count\"}")
        .endsWith("\"ConsumerLagMs\":250,\"PostSent\":100,\"PostGone\":3,\"PostThrottled\":1,\"PostRetried\":7,"
            + "\"CoalescedMessages\":5,\"LaggingConnections\":2,\"MaxConnectionLagMs\":1800}");
    assertThat(first).doesNotContain("\n");

    String second = metrics.report(1_764_316_860_000L, new FanoutMetrics.Delivery(160, 3, 4, 9, 5, 0, 0));
    assertThat(second).endsWith("\"ConsumerLagMs\":0,\"PostSent\":60,\"PostGone\":0,\"PostThrottled\":3,\"PostRetried\":2,"
        + "\"CoalescedMessages\":0,\"LaggingConnections\":0,\"MaxConnectionLagMs\":0}");
  }

  @Test
  void aTaskRunningTheEdgeReportsItsOpenWebSocketsAsEdgeConnections() {
    FanoutMetrics metrics = new FanoutMetrics();
    String line = metrics.report(0, FanoutMetrics.Delivery.NONE, 18_250);
    assertThat(line).contains("{\"Name\":\"EdgeConnections\",\"Unit\":\"Count\"}]}]}")
        .endsWith(",\"MaxConnectionLagMs\":0,\"EdgeConnections\":18250}");
    assertThat(metrics.report(0, FanoutMetrics.Delivery.NONE, 0)).endsWith(",\"EdgeConnections\":0}");
  }

  @Test
  void aTaskWithoutTheEdgeWritesNoEdgeConnections() {
    FanoutMetrics metrics = new FanoutMetrics();
    assertThat(metrics.report(0, FanoutMetrics.Delivery.NONE, FanoutMetrics.NO_EDGE)).doesNotContain("EdgeConnections");
  }

  @Test
  void negativeLagFromClockSkewCountsAsCaughtUp() {
    FanoutMetrics metrics = new FanoutMetrics();
    metrics.observeLag(-20);
    assertThat(metrics.report(0, FanoutMetrics.Delivery.NONE)).contains("\"ConsumerLagMs\":0,");
  }
}
