package dev.place.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.place.local.LocalCloud;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The REST endpoints through the HTTP API emulation, against the real engines. */
class RestApiIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient(); // does not follow redirects

  private static HttpResponse<String> get(URI uri) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void canvasRedirectsToTheSnapshotIndexWhichIsServed() throws Exception {
    LocalCloud cloud = SharedCloud.get();
    HttpResponse<String> redirect = get(cloud.httpUrl().resolve("/api/v1/canvas"));
    assertThat(redirect.statusCode()).isEqualTo(302);
    String location = redirect.headers().firstValue("location").orElseThrow();
    assertThat(location).isEqualTo(cloud.httpUrl() + "/snapshots/latest.json");

    HttpResponse<String> index = get(URI.create(location));
    assertThat(index.statusCode()).isEqualTo(200);
    JsonNode body = TestClient.JSON.readTree(index.body());
    assertThat(body.get("width").asInt()).isEqualTo(cloud.config().canvasWidth());
    assertThat(body.get("tiles").isObject()).isTrue();
  }

  @Test
  void infoDescribesTheCanvasAndCountsConnections() throws Exception {
    LocalCloud cloud = SharedCloud.get();
    try (TestClient someone = TestClient.signIn(cloud.httpUrl(), cloud.webSocketUrl())) {
      someone.request("{\"action\":\"hello\"}");
      HttpResponse<String> response = get(cloud.httpUrl().resolve("/api/v1/canvas/info"));
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode body = TestClient.JSON.readTree(response.body());
      assertThat(body.get("width").asInt()).isEqualTo(cloud.config().canvasWidth());
      assertThat(body.get("palette")).hasSize(16);
      assertThat(body.get("webSocketUrl").asText()).isEqualTo(cloud.webSocketUrl().toString());
      assertThat(body.get("online").asLong()).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void healthProbesEveryEngineForReal() throws Exception {
    LocalCloud cloud = SharedCloud.get();
    HttpResponse<String> response = get(cloud.httpUrl().resolve("/api/v1/health"));
    JsonNode body = TestClient.JSON.readTree(response.body());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(body.get("status").asText()).isEqualTo("ok");
    for (String engine : new String[] {"redis", "kafka", "cassandra"}) {
      assertThat(body.get(engine).get("status").asText()).as(engine).isEqualTo("up");
    }
    assertThat(body.get("connections").isNumber()).isTrue();
  }

  @Test
  void healthReportsTheFanoutInstancesAndTheirLagFromTheirOwnReports() throws Exception {
    LocalCloud cloud = SharedCloud.get();
    JsonNode fanout = Poll.until(() -> {
      try {
        return TestClient.JSON.readTree(get(cloud.httpUrl().resolve("/api/v1/health")).body()).get("fanout");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, f -> f != null && "up".equals(f.path("status").asText()), java.time.Duration.ofSeconds(10));
    assertThat(fanout.toString()).contains("\"instances\":").contains("deliveryLagMillis").contains("consumerLagRecords");
  }

  @Test
  void theWebClientIsServedAtTheRoot() throws Exception {
    LocalCloud cloud = SharedCloud.get();
    HttpResponse<String> page = get(cloud.httpUrl().resolve("/"));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<script type=\"module\" src=\"js/app.js\">");
    assertThat(get(cloud.httpUrl().resolve("/js/tile-sync.js")).headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
  }

  @Test
  void anUnknownApiPathIsAJson404NotAServerError() throws Exception {
    LocalCloud cloud = SharedCloud.get();
    HttpResponse<String> response = get(cloud.httpUrl().resolve("/api/v1/nothing-here"));
    assertThat(response.statusCode()).isEqualTo(404);
  }
}
