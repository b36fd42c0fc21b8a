package dev.place.functions.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.place.shared.config.PlaceConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanvasInfoHandlerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final PlaceConfig config = PlaceConfig.from(Map.of(
      "PLACE_CANVAS_WIDTH", "1000", "PLACE_CANVAS_HEIGHT", "1500", "PLACE_COOLDOWN_SECONDS", "60",
      "PLACE_CONNECTIONS_ENDPOINT", "https://abc123.execute-api.eu-west-1.amazonaws.com/prod",
      "PLACE_SNAPSHOT_BASE_URL", "https://d111.cloudfront.net/snapshots")::get);

  @Test
  void describesTheCanvasAndWhereToConnect() throws Exception {
    APIGatewayV2HTTPResponse response = new CanvasInfoHandler(config, () -> 42).handleRequest(
        RestSampleEvents.load("http-canvas-info.json"), null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(response.getHeaders()).containsEntry("content-type", "application/json");
    JsonNode body = JSON.readTree(response.getBody());
    assertThat(body.get("width").asInt()).isEqualTo(1000);
    assertThat(body.get("height").asInt()).isEqualTo(1500);
    assertThat(body.get("tileSize").asInt()).isEqualTo(256);
    assertThat(body.get("palette")).hasSize(16);
    assertThat(body.get("palette").get(5).asText()).isEqualTo("#E50000");
    assertThat(body.get("cooldownSeconds").asInt()).isEqualTo(60);
    assertThat(body.get("snapshotIndexUrl").asText()).isEqualTo("https://d111.cloudfront.net/snapshots/latest.json");
    assertThat(body.get("webSocketUrl").asText()).isEqualTo("wss://abc123.execute-api.eu-west-1.amazonaws.com/prod");
    assertThat(body.get("online").asLong()).isEqualTo(42);
    assertThat(body.get("edgeUrl").isNull()).as("no edge configured, none advertised").isTrue();
  }

  @Test
  void advertisesTheEdgeWhereOneRuns() throws Exception {
    PlaceConfig withEdge = PlaceConfig.from(Map.of("PLACE_EDGE_URL", "wss://edge.example.org")::get);

    APIGatewayV2HTTPResponse response = new CanvasInfoHandler(withEdge, () -> 1).handleRequest(
        RestSampleEvents.load("http-canvas-info.json"), null);

    assertThat(JSON.readTree(response.getBody()).get("edgeUrl").asText()).isEqualTo("wss://edge.example.org");
  }

  @Test
  void aFailingConnectionCountStillDescribesTheCanvas() throws Exception {
    APIGatewayV2HTTPResponse response = new CanvasInfoHandler(config, () -> {
      throw new IllegalStateException("redis down");
    }).handleRequest(RestSampleEvents.load("http-canvas-info.json"), null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.getBody());
    assertThat(body.get("online").isNull()).isTrue();
    assertThat(body.get("width").asInt()).isEqualTo(1000);
  }

  @Test
  void localEndpointsGetAPlainWebSocketScheme() {
    PlaceConfig local = PlaceConfig.from(Map.of("PLACE_CONNECTIONS_ENDPOINT", "http://127.0.0.1:3001/local")::get);
    assertThat(CanvasInfoHandler.webSocketUrl(local)).isEqualTo("ws://127.0.0.1:3001/local");
  }

  @Test
  void theOnlineCountIsReadAtMostOncePerInterval() {
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
    CanvasInfoHandler.CachedCount count = new CanvasInfoHandler.CachedCount(() -> reads.incrementAndGet() * 10L, 5_000, now::get);

    assertThat(count.getAsLong()).isEqualTo(10);
    now.set(4_999);
    assertThat(count.getAsLong()).isEqualTo(10);
    now.set(5_000);
    assertThat(count.getAsLong()).isEqualTo(20);
    assertThat(reads.get()).isEqualTo(2);
  }

  @Test
  void advertisesWhereToSignInAndWhatGuestsCost() throws Exception {
    PlaceConfig signIn = PlaceConfig.from(Map.of("PLACE_COOLDOWN_SECONDS", "60", "PLACE_GUEST_COOLDOWN_SECONDS", "600",
        "PLACE_OIDC_ISSUER", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc", "PLACE_OIDC_CLIENT_ID", "web1",
        "PLACE_OIDC_PUBLIC_ISSUER", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc")::get);
    JsonNode body = JSON.readTree(new CanvasInfoHandler(signIn, () -> 1).handleRequest(
        RestSampleEvents.load("http-canvas-info.json"), null).getBody()).get("signIn");
    assertThat(body.get("provider").get("issuer").asText()).isEqualTo("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc");
    assertThat(body.get("provider").get("clientId").asText()).isEqualTo("web1");
    assertThat(body.get("guests").asBoolean()).isTrue();
    assertThat(body.get("guestCooldownSeconds").asInt()).isEqualTo(600);

    JsonNode none = JSON.readTree(new CanvasInfoHandler(config, () -> 1).handleRequest(
        RestSampleEvents.load("http-canvas-info.json"), null).getBody()).get("signIn");
    assertThat(none.get("provider").isNull()).as("no provider configured: guests only").isTrue();
  }
}
