package dev.place.local.apigw;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.place.local.lambda.LambdaFunction;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What reaches the integration, and in which order: binary and malformed text frames, the refused handshake's
 * body, and the concurrency of one connection's messages (docs/protocol.md, docs/operations.md "Ordering").
 */
class WebSocketFramesIT {

  private static final int TEXT = 0x1;
  private static final int CLOSE = 0x8;

  private final List<AutoCloseable> resources = new ArrayList<>();
  private final List<String> happened = new CopyOnWriteArrayList<>();
  private final RecordingHandler disconnect = new RecordingHandler(event -> {
    happened.add("disconnect");
    return "{\"statusCode\":200}";
  });
  private final RecordingHandler fallback = RecordingHandler.ok();

  @AfterEach
  void closeEverything() throws Exception {
    for (int i = resources.size() - 1; i >= 0; i--) {
      resources.get(i).close();
    }
  }

  @Test
  void aBinaryFrameClosesTheConnectionWith1003AndNeverReachesTheIntegration() throws Exception {
    WebSocketApi api = api(builder -> builder);
    TestClient client = TestClient.connect(api.websocketUrl());
    client.socket().sendBinary(ByteBuffer.wrap(new byte[] {0, 1, 2, (byte) 0xff}), true).join();

    assertThat(client.awaitClose().statusCode()).isEqualTo(1003);
    JsonNode event = disconnect.next();
    assertThat(event.get("requestContext").get("disconnectStatusCode").asInt()).isEqualTo(1003);
    assertThat(fallback.events).isEmpty();
  }

  @Test
  void withBinaryMediaTypesABinaryFrameReachesTheIntegrationBase64Encoded() throws Exception {
    WebSocketApi api = api(builder -> builder.binaryMediaTypes("*/*"));
    try (TestClient client = TestClient.connect(api.websocketUrl())) {
      byte[] payload = {0, 1, 2, (byte) 0xff};
      client.socket().sendBinary(ByteBuffer.wrap(payload), true).join();
      JsonNode event = fallback.next();
      assertThat(event.get("isBase64Encoded").asBoolean()).isTrue();
      assertThat(Base64.getDecoder().decode(event.get("body").asText())).isEqualTo(payload);
      assertThat(client.closed).isNotDone();
    }
  }

  @Test
  void aTextFrameThatIsNotUtf8ClosesTheConnectionWith1007AndNeverReachesTheIntegration() throws Exception {
    WebSocketApi api = api(builder -> builder);
    try (RawWebSocket client = RawWebSocket.open(api.websocketUrl())) {
      assertThat(client.handshake().status()).isEqualTo(101);
      byte[] ping = "{\"action\":\"ping\",\"x\":\"?\"}".getBytes(StandardCharsets.US_ASCII);
      ping[ping.length - 3] = (byte) 0xff;
      client.send(TEXT, ping);

      RawWebSocket.Frame answer = client.next();
      assertThat(answer.opcode()).isEqualTo(CLOSE);
      assertThat(answer.closeCode()).isEqualTo(1007);
    }
    assertThat(disconnect.next().get("requestContext").get("disconnectStatusCode").asInt()).isEqualTo(1007);
    assertThat(fallback.events).isEmpty();
  }

  @Test
  void wellFormedMultiByteTextStillReachesTheIntegrationUnchanged() throws Exception {
    WebSocketApi api = api(builder -> builder);
    try (RawWebSocket client = RawWebSocket.open(api.websocketUrl())) {
      assertThat(client.handshake().status()).isEqualTo(101);
      client.send(TEXT, "{\"note\":\"é€😀\"}".getBytes(StandardCharsets.UTF_8));
      assertThat(fallback.next().get("body").asText()).isEqualTo("{\"note\":\"é€😀\"}");
    }
  }

  @Test
  void aRefusedHandshakeCarriesTheConnectIntegrationsStatusHeadersAndBody() throws Exception {
    String reason = "{\"code\":\"UNAUTHORIZED\",\"message\":\"bad token signature\"}";
    String answer = "{\"statusCode\":401,\"headers\":{\"content-type\":\"application/json\"},\"body\":"
        + RecordingHandler.JSON.writeValueAsString(reason) + "}";
    LambdaFunction connect = function(LambdaFunction.builder("connect")
        .handler(() -> new RecordingHandler(event -> answer)).build());
    WebSocketApi api = start(WebSocketApi.builder().route("$connect", connect));
    try (RawWebSocket client = RawWebSocket.open(URI.create(api.websocketUrl() + "?token=forged"))) {
      RawWebSocket.HandshakeResponse refused = client.handshake();
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.headers()).containsEntry("content-type", "application/json");
      assertThat(refused.body()).isEqualTo(reason);
    }
    assertThat(api.connectionCount()).isZero();
  }

  @Test
  void aSlowMessageDoesNotHoldUpTheNextOneOfTheSameConnectionButDisconnectWaitsForBoth() throws Exception {
    LambdaFunction nap = function(LambdaFunction.builder("nap").maxConcurrency(2).handler(() -> new RecordingHandler(event -> {
      JsonNode body = readBody(event);
      try {
        Thread.sleep(body.get("ms").asLong());
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      happened.add("answered " + body.get("n").asInt());
      return "{\"statusCode\":200,\"body\":\"" + body.get("n").asInt() + "\"}";
    })).build());
    WebSocketApi api = api(builder -> builder.twoWayRoute("nap", nap));
    TestClient client = TestClient.connect(api.websocketUrl());
    // Warm both environments first, so the order below depends only on the sleeps.
    client.send("{\"action\":\"nap\",\"ms\":300,\"n\":0}");
    client.send("{\"action\":\"nap\",\"ms\":0,\"n\":0}");
    assertThat(List.of(client.nextText(), client.nextText())).containsOnly("0");
    happened.clear();

    client.send("{\"action\":\"nap\",\"ms\":1500,\"n\":1}");
    client.send("{\"action\":\"nap\",\"ms\":0,\"n\":2}");
    assertThat(client.nextText()).isEqualTo("2");
    client.socket().sendClose(1000, "bye").join();

    disconnect.next();
    // The recorder queues the event before its answer notes "disconnect": wait for the note.
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    while (happened.size() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(happened).containsExactly("answered 2", "answered 1", "disconnect");
  }

  private static JsonNode readBody(JsonNode event) {
    try {
      return RecordingHandler.JSON.readTree(event.get("body").asText());
    } catch (Exception unreadable) {
      throw new IllegalStateException(unreadable);
    }
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
