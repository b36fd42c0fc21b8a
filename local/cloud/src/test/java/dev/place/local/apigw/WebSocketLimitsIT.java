package dev.place.local.apigw;

import com.fasterxml.jackson.databind.JsonNode;
import dev.place.local.lambda.LambdaFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Quotas, timeouts and the ends of connections, each on its own small API. */
class WebSocketLimitsIT {

  private final List<AutoCloseable> resources = new ArrayList<>();
  private final RecordingHandler disconnect = RecordingHandler.ok();
  private final RecordingHandler fallback = RecordingHandler.ok();

  @AfterEach
  void closeEverything() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  @Test
  void idleConnectionIsClosedWithGoingAwayAndDisconnectIsInvoked() throws Exception {
    WebSocketApi api = api(builder -> builder.idleTimeout(Duration.ofMillis(400)));
    TestClient client = TestClient.connect(api.websocketUrl());
    assertThat(client.awaitClose().statusCode()).isEqualTo(1001);
    JsonNode event = disconnect.next();
    assertThat(event.get("requestContext").get("disconnectStatusCode").asInt()).isEqualTo(1001);
    assertThat(event.get("requestContext").get("disconnectReason").asText()).isEqualTo("Going away");
  }

  @Test
  void clientMessagesKeepAConnectionFromIdlingOut() throws Exception {
    WebSocketApi api = api(builder -> builder.idleTimeout(Duration.ofMillis(500)));
    try (TestClient client = TestClient.connect(api.websocketUrl())) {
      for (int i = 0; i < 8; i++) {
        client.send("{\"action\":\"ping\"}");
        Thread.sleep(150);
      }
      assertThat(client.closed).isNotDone();
      assertThat(api.connectionCount()).isEqualTo(1);
    }
  }

  @Test
  void connectionIsClosedAtTheMaximumAgeEvenWhenBusy() throws Exception {
    WebSocketApi api = api(builder -> builder.maxConnectionAge(Duration.ofMillis(600)));
    TestClient client = TestClient.connect(api.websocketUrl());
    long started = System.nanoTime();
    while (!client.closed.isDone() && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5)) {
      client.socket().sendText("{}", true);
      Thread.sleep(50);
    }
    assertThat(client.awaitClose().statusCode()).isEqualTo(1001);
  }

  // The JDK client cuts messages into 16 KiB frames, so the frame quota is lowered below that to be reachable.
  @Test
  void frameLargerThanTheFrameQuotaClosesTheConnectionWith1009() throws Exception {
    WebSocketApi api = api(builder -> builder.maxFrameBytes(8 * 1024));
    TestClient client = TestClient.connect(api.websocketUrl());
    client.socket().sendText("x".repeat(8 * 1024 + 1), true);
    assertThat(client.awaitClose().statusCode()).isEqualTo(1009);
    assertThat(disconnect.next().get("requestContext").get("disconnectStatusCode").asInt()).isEqualTo(1009);
  }

  @Test
  void fragmentedMessageWithinTheMessageQuotaIsDeliveredWhole() throws Exception {
    WebSocketApi api = api(builder -> builder);
    try (TestClient client = TestClient.connect(api.websocketUrl())) {
      WebSocket socket = client.socket();
      String chunk = "y".repeat(25 * 1024);
      for (int i = 0; i < 4; i++) {
        socket.sendText(chunk, false).join();
      }
      socket.sendText("end", true).join();
      assertThat(fallback.next().get("body").asText()).hasSize(100 * 1024 + 3).endsWith("yend");
    }
  }

  @Test
  void fragmentedMessageAbove128KiBClosesTheConnectionWith1009() {
    WebSocketApi api = api(builder -> builder);
    TestClient client = TestClient.connect(api.websocketUrl());
    String chunk = "z".repeat(32 * 1024);
    for (int i = 0; i < 4; i++) {
      client.socket().sendText(chunk, false).join();
    }
    client.socket().sendText("!", true);
    assertThat(client.awaitClose().statusCode()).isEqualTo(1009);
    assertThat(fallback.events).isEmpty();
  }

  @Test
  void integrationSlowerThanTheIntegrationTimeoutGetsTheTimedOutErrorFrame() throws Exception {
    LambdaFunction slow = function(LambdaFunction.builder("slow").handler(() -> new RecordingHandler(event -> {
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      return "{\"statusCode\":200,\"body\":\"too late\"}";
    })).build());
    WebSocketApi api = api(builder -> builder.integrationTimeout(Duration.ofMillis(200)).twoWayRoute("slow", slow));
    try (TestClient client = TestClient.connect(api.websocketUrl())) {
      client.send("{\"action\":\"slow\"}");
      assertThat(client.nextText()).startsWith("{\"message\": \"Endpoint request timed out\", \"connectionId\":\"");
    }
  }

  @Test
  void messageWithoutAMatchingRouteAndWithoutDefaultGetsTheForbiddenErrorFrame() throws Exception {
    LambdaFunction echo = function(LambdaFunction.builder("echo").handler(EchoHandler.class).build());
    WebSocketApi api = start(WebSocketApi.builder().twoWayRoute("echo", echo));
    try (TestClient client = TestClient.connect(api.websocketUrl())) {
      client.send("{\"action\":\"other\"}");
      assertThat(client.nextText()).matches(
          "\\{\"message\": \"Forbidden\", \"connectionId\":\"[A-Za-z0-9]{15}=\", \"requestId\":\"[A-Za-z0-9]{15}=\"}");
    }
  }

  @Test
  void connectHandlerThatThrowsRejectsTheUpgradeWith500() {
    LambdaFunction failing = function(LambdaFunction.builder("connect").handler(() -> new RecordingHandler(event -> {
      throw new IllegalStateException("database down");
    })).build());
    WebSocketApi api = start(WebSocketApi.builder().route("$connect", failing));
    assertThatThrownBy(() -> TestClient.connect(api.websocketUrl()))
        .cause()
        .isInstanceOfSatisfying(WebSocketHandshakeException.class,
            rejected -> assertThat(rejected.getResponse().statusCode()).isEqualTo(500));
  }

  @Test
  void classBasedConnectHandlerAccepts200AndRejects401() throws Exception {
    LambdaFunction connect = function(LambdaFunction.builder("connect").handler(TokenConnectHandler.class).build());
    WebSocketApi api = start(WebSocketApi.builder().route("$connect", connect));
    assertThatThrownBy(() -> TestClient.connect(api.websocketUrl()))
        .cause()
        .isInstanceOfSatisfying(WebSocketHandshakeException.class,
            rejected -> assertThat(rejected.getResponse().statusCode()).isEqualTo(401));
    try (TestClient client = TestClient.connect(URI.create(api.websocketUrl() + "?token=ok"))) {
      assertThat(client.closed).isNotDone();
    }
  }

  @Test
  void subprotocolReturnedByConnectCompletesTheHandshake() throws Exception {
    LambdaFunction connect = function(LambdaFunction.builder("connect").handler(() -> new RecordingHandler(event ->
        "{\"statusCode\":200,\"headers\":{\"Sec-WebSocket-Protocol\":\"place.v1\"}}")).build());
    WebSocketApi api = start(WebSocketApi.builder().route("$connect", connect));
    WebSocket socket = TestClient.HTTP.newWebSocketBuilder()
        .subprotocols("place.v1")
        .buildAsync(api.websocketUrl(), new TestClient())
        .get(10, TimeUnit.SECONDS);
    assertThat(socket.getSubprotocol()).isEqualTo("place.v1");
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
  }

  @Test
  void closingTheApiClosesClientsWithGoingAwayAndWaitsForDisconnect() throws Exception {
    LambdaFunction disconnectFunction = function(LambdaFunction.builder("disconnect").handler(() -> disconnect).build());
    WebSocketApi api = WebSocketApi.builder().route("$disconnect", disconnectFunction).start();
    TestClient first = TestClient.connect(api.websocketUrl());
    TestClient second = TestClient.connect(api.websocketUrl());
    api.close();
    assertThat(disconnect.events).hasSize(2);
    assertThat(first.awaitClose().statusCode()).isEqualTo(1001);
    assertThat(second.awaitClose().statusCode()).isEqualTo(1001);
  }

  private WebSocketApi api(UnaryOperator<WebSocketApi.Builder> configure) {
    LambdaFunction disconnectFunction = function(LambdaFunction.builder("disconnect").handler(() -> disconnect).build());
    LambdaFunction fallbackFunction = function(LambdaFunction.builder("fallback").handler(() -> fallback).build());
    return start(configure.apply(WebSocketApi.builder()
        .route("$disconnect", disconnectFunction)
        .route("$default", fallbackFunction)));
  }

  private WebSocketApi start(WebSocketApi.Builder builder) {
    WebSocketApi api = builder.start();
    resources.add(api);
    return api;
  }

  private LambdaFunction function(LambdaFunction function) {
    resources.add(function);
    return function;
  }
}
