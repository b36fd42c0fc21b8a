package dev.place.functions.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthHandlerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final ExecutorService executor = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  private JsonNode call(Map<String, HealthProbe> probes, int expectedStatus) throws Exception {
    APIGatewayV2HTTPResponse response = new HealthHandler(probes, () -> 7, executor, 200)
        .handleRequest(RestSampleEvents.load("http-health.json"), null);
    assertThat(response.getStatusCode()).isEqualTo(expectedStatus);
    assertThat(response.getHeaders()).containsEntry("cache-control", "no-store");
    return JSON.readTree(response.getBody());
  }

  @Test
  void allProbesUpIsOk() throws Exception {
    Map<String, HealthProbe> probes = new LinkedHashMap<>();
    probes.put("redis", () -> {});
    probes.put("kafka", () -> {});
    probes.put("cassandra", () -> {});

    JsonNode body = call(probes, 200);

    assertThat(body.get("status").asText()).isEqualTo("ok");
    assertThat(body.get("redis").get("status").asText()).isEqualTo("up");
    assertThat(body.get("kafka").get("status").asText()).isEqualTo("up");
    assertThat(body.get("cassandra").get("status").asText()).isEqualTo("up");
    assertThat(body.get("connections").asLong()).isEqualTo(7);
  }

  @Test
  void aFailingProbeIsDegradedWithItsError() throws Exception {
    Map<String, HealthProbe> probes = new LinkedHashMap<>();
    probes.put("redis", () -> {});
    probes.put("kafka", () -> {
      throw new IllegalStateException("no \"brokers\"");
    });

    JsonNode body = call(probes, 503);

    assertThat(body.get("status").asText()).isEqualTo("degraded");
    assertThat(body.get("redis").get("status").asText()).isEqualTo("up");
    assertThat(body.get("kafka").get("status").asText()).isEqualTo("down");
    assertThat(body.get("kafka").get("error").asText()).contains("no \"brokers\"");
  }

  @Test
  void aHangingProbeCostsTheTimeoutOnceAndIsDown() throws Exception {
    Map<String, HealthProbe> probes = new LinkedHashMap<>();
    probes.put("cassandra", () -> Thread.sleep(10_000));
    probes.put("redis", () -> {});
    long begin = System.nanoTime();

    JsonNode body = call(probes, 503);

    assertThat((System.nanoTime() - begin) / 1_000_000).isLessThan(2_000);
    assertThat(body.get("cassandra").get("status").asText()).isEqualTo("down");
    assertThat(body.get("cassandra").get("error").asText()).contains("no answer within 200 ms");
    assertThat(body.get("redis").get("status").asText()).isEqualTo("up");
  }

  @Test
  void theFanoutIsDownWhenNoInstanceReportedOrOneLagsAndOkWithItsNumbersOtherwise() throws Exception {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HealthHandler.fanout(java.util.List.of()))
        .hasMessageContaining("no fanout instance has reported");
    var lagging = new dev.place.shared.delivery.FanoutStatus("f-1", 1_000, 9_000, 0, 3);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HealthHandler.fanout(java.util.List.of(lagging)))
        .hasMessageContaining("9000 ms");
    var behindTheLog = new dev.place.shared.delivery.FanoutStatus("f-2", 1_000, 0, 50_000, 3);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> HealthHandler.fanout(java.util.List.of(behindTheLog)))
        .hasMessageContaining("50000 records behind");
    var fine = new dev.place.shared.delivery.FanoutStatus("f-3", 1_000, 120, 4, 7);
    assertThat(HealthHandler.fanout(java.util.List.of(fine, new dev.place.shared.delivery.FanoutStatus("f-4", 1_000, 80, 9, 5))))
        .containsEntry("instances", 2).containsEntry("deliveryLagMillis", 120L).containsEntry("consumerLagRecords", 9L)
        .containsEntry("connections", 12);
  }

  @Test
  void aReportingProbesNumbersAppearBesideItsStatus() throws Exception {
    Map<String, HealthProbe> probes = new LinkedHashMap<>();
    probes.put("history", (HealthProbe.Reporting) () -> Map.of("lagRecords", 12L, "stalledPartitions", 0));

    JsonNode body = call(probes, 200);

    assertThat(body.get("history").get("status").asText()).isEqualTo("up");
    assertThat(body.get("history").get("lagRecords").asLong()).isEqualTo(12);
    assertThat(body.get("history").get("stalledPartitions").asInt()).isZero();
  }

  @Test
  void aStalledHistoryWriterIsDegradedWithWhatWasMeasured() throws Exception {
    Map<String, HealthProbe> probes = new LinkedHashMap<>();
    probes.put("redis", () -> {});
    probes.put("history", (HealthProbe.Reporting) () -> {
      throw new HealthProbe.Failed("history writer has left events older than 30 s unwritten",
          Map.of("lagRecords", 250L, "stalledPartitions", 2));
    });

    JsonNode body = call(probes, 503);

    assertThat(body.get("status").asText()).isEqualTo("degraded");
    assertThat(body.get("history").get("status").asText()).isEqualTo("down");
    assertThat(body.get("history").get("error").asText()).contains("unwritten");
    assertThat(body.get("history").get("lagRecords").asLong()).isEqualTo(250);
  }

  @Test
  void aHangingConnectionCountDoesNotStretchTheAnswerBeyondTheDeadline() throws Exception {
    Map<String, HealthProbe> probes = new LinkedHashMap<>();
    probes.put("redis", () -> {});
    long begin = System.nanoTime();

    APIGatewayV2HTTPResponse response = new HealthHandler(probes, () -> {
      try {
        Thread.sleep(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return 1;
    }, executor, 200).handleRequest(RestSampleEvents.load("http-health.json"), null);

    assertThat((System.nanoTime() - begin) / 1_000_000).isLessThan(1_500);
    JsonNode body = JSON.readTree(response.getBody());
    assertThat(body.get("connections").isNull()).isTrue();
  }
}
