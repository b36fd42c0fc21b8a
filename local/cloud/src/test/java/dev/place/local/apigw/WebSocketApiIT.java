package dev.place.local.apigw;

import com.fasterxml.jackson.databind.JsonNode;
import dev.place.local.lambda.LambdaFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebSocketApiIT {

  private static final RecordingHandler CONNECT = new RecordingHandler(event ->
      "ok".equals(event.path("queryStringParameters").path("token").asText())
          ? "{\"statusCode\":200,\"headers\":{\"X-Extra\":\"yes\"}}"
          : "{\"statusCode\":401}");
  private static final RecordingHandler DISCONNECT = RecordingHandler.ok();
  private static final RecordingHandler DEFAULT = RecordingHandler.ok();
  private static final Map<String, List<Integer>> ORDER = new ConcurrentHashMap<>();

  private static final List<LambdaFunction> FUNCTIONS = new ArrayList<>();
  private static WebSocketApi api;

  @BeforeAll
  static void start() {
    api = WebSocketApi.builder()
        .stage("local")
        .apiId("abcde12345")
        .route("$connect", function("connect", () -> CONNECT))
        .route("$disconnect", function("disconnect", () -> DISCONNECT))
        .route("$default", function("default", () -> DEFAULT))
        .twoWayRoute("echo", track(LambdaFunction.builder("echo").handler(EchoHandler.class).build()))
        .twoWayRoute("whoami", function("whoami", () -> new RecordingHandler(event ->
            "{\"statusCode\":200,\"body\":\"" + event.path("requestContext").path("connectionId").asText() + "\"}")))
        .route("silent", function("silent", () -> new RecordingHandler(event -> "{\"statusCode\":200,\"body\":\"not sent\"}")))
        .twoWayRoute("boom", function("boom", () -> new RecordingHandler(event -> {
          throw new IllegalStateException("boom");
        })))
        .twoWayRoute("order", track(LambdaFunction.builder("order").maxConcurrency(4)
            .handler(() -> new RecordingHandler(WebSocketApiIT::recordOrder)).build()))
        .start();
  }

  @AfterAll
  static void stop() {
    api.close();
    FUNCTIONS.forEach(LambdaFunction::close);
  }

  @BeforeEach
  void forgetEarlierEvents() {
    CONNECT.events.clear();
    DISCONNECT.events.clear();
    DEFAULT.events.clear();
  }

  @Test
  void connectHandlerAnswering401RejectsTheUpgradeWith401() {
    assertThatThrownBy(() -> TestClient.connect(URI.create(api.websocketUrl() + "?token=wrong")))
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(WebSocketHandshakeException.class,
            rejected -> assertThat(rejected.getResponse().statusCode()).isEqualTo(401));
    assertThat(api.connectionCount()).isZero();
  }

  @Test
  void connectEventCarriesHandshakeHeadersQueryAndAwsShapedContext() throws Exception {
    try (TestClient client = TestClient.connect(URI.create(api.websocketUrl() + "?token=ok&room=a&room=b"))) {
      JsonNode event = CONNECT.next();
      JsonNode context = event.get("requestContext");
      assertThat(context.get("eventType").asText()).isEqualTo("CONNECT");
      assertThat(context.get("routeKey").asText()).isEqualTo("$connect");
      assertThat(context.get("connectionId").asText()).matches("[A-Za-z0-9]{15}=");
      assertThat(context.get("stage").asText()).isEqualTo("local");
      assertThat(context.get("apiId").asText()).isEqualTo("abcde12345");
      assertThat(context.get("domainName").asText()).isEqualTo("abcde12345.execute-api.us-east-1.amazonaws.com");
      assertThat(context.get("identity").get("sourceIp").asText()).isEqualTo("127.0.0.1");
      assertThat(context.get("requestId").asText()).isEqualTo(context.get("extendedRequestId").asText());
      assertThat(event.get("headers").get("Sec-WebSocket-Version").asText()).isEqualTo("13");
      assertThat(event.get("headers").get("X-Forwarded-For").asText()).isEqualTo("127.0.0.1");
      assertThat(event.get("multiValueHeaders").get("Sec-WebSocket-Key")).hasSize(1);
      assertThat(event.get("queryStringParameters").get("room").asText()).isEqualTo("b");
      assertThat(event.get("multiValueQueryStringParameters").get("room").toString()).isEqualTo("[\"a\",\"b\"]");
      assertThat(event.get("isBase64Encoded").asBoolean()).isFalse();

      client.send("{\"action\":\"nothing-matches\"}");
      JsonNode message = DEFAULT.next();
      assertThat(message.get("requestContext").get("connectedAt").asLong()).isEqualTo(context.get("connectedAt").asLong());
      assertThat(message.get("requestContext").get("requestId").asText()).isNotEqualTo(context.get("requestId").asText());
    }
  }

  @Test
  void twoWayRouteSendsTheHandlersBodyBackToTheClient() throws Exception {
    try (TestClient client = connected()) {
      client.send("{\"action\":\"echo\",\"n\":1}");
      assertThat(client.nextText()).isEqualTo("echo echo {\"action\":\"echo\",\"n\":1}");
    }
  }

  @Test
  void oneWayRouteDiscardsTheHandlersBody() throws Exception {
    try (TestClient client = connected()) {
      client.send("{\"action\":\"silent\"}");
      client.send("{\"action\":\"echo\"}");
      assertThat(client.nextText()).startsWith("echo echo");
      assertThat(client.texts).isEmpty();
    }
  }

  @Test
  void unmatchedOrNonJsonMessagesGoToDefaultWithRouteKeyDefault() throws Exception {
    try (TestClient client = connected()) {
      client.send("{\"action\":\"unknown\"}");
      client.send("not json at all");
      client.send("{\"action\":\"$connect\"}");
      // Dispatched concurrently, like API Gateway does: the three events may arrive in any order.
      List<String> bodies = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        JsonNode event = DEFAULT.next();
        assertThat(event.get("requestContext").get("routeKey").asText()).isEqualTo("$default");
        assertThat(event.get("requestContext").get("eventType").asText()).isEqualTo("MESSAGE");
        assertThat(event.get("requestContext").get("messageId").asText()).matches("[A-Za-z0-9]{15}=");
        bodies.add(event.get("body").asText());
      }
      assertThat(bodies).containsExactlyInAnyOrder("{\"action\":\"unknown\"}", "not json at all", "{\"action\":\"$connect\"}");
    }
  }

  @Test
  void failingIntegrationSendsApiGatewaysInternalServerErrorFrame() throws Exception {
    try (TestClient client = connected()) {
      String connectionId = whoami(client);
      client.send("{\"action\":\"boom\"}");
      String frame = client.nextText();
      assertThat(frame).startsWith("{\"message\": \"Internal server error\", \"connectionId\":\"" + connectionId + "\", \"requestId\":\"");
      assertThat(RecordingHandler.JSON.readTree(frame).get("requestId").asText()).matches("[A-Za-z0-9]{15}=");
    }
  }

  // Messages of one connection run concurrently, as in API Gateway (WebSocketFramesIT): only who gets which
  // answer is fixed, not in which order.
  @Test
  void everyAnswerGoesBackToTheConnectionThatAsked() throws Exception {
    ORDER.clear();
    try (TestClient first = connected(); TestClient second = connected()) {
      String firstId = whoami(first);
      String secondId = whoami(second);
      for (int i = 0; i < 200; i++) {
        first.socket().sendText("{\"action\":\"order\",\"seq\":" + i + "}", true);
        second.socket().sendText("{\"action\":\"order\",\"seq\":" + (1000 + i) + "}", true).join();
      }
      List<String> firstReplies = new ArrayList<>();
      List<String> secondReplies = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        firstReplies.add(first.nextText());
        secondReplies.add(second.nextText());
      }
      assertThat(firstReplies).containsExactlyInAnyOrderElementsOf(
          IntStream.range(0, 200).mapToObj(Integer::toString).toList());
      assertThat(secondReplies).containsExactlyInAnyOrderElementsOf(
          IntStream.range(1000, 1200).mapToObj(Integer::toString).toList());
      assertThat(ORDER.get(firstId)).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 200).boxed().toList());
      assertThat(ORDER.get(secondId)).containsExactlyInAnyOrderElementsOf(IntStream.range(1000, 1200).boxed().toList());
    }
  }

  @Test
  void clientCloseInvokesDisconnectWithTheCloseStatus() throws Exception {
    TestClient client = connected();
    String connectionId = whoami(client);
    client.socket().sendClose(4000, "done").join();
    // Clients of earlier tests may still be disconnecting into the same recorder; find this one's.
    JsonNode event = DISCONNECT.next();
    while (!connectionId.equals(event.get("requestContext").get("connectionId").asText())) {
      event = DISCONNECT.next();
    }
    JsonNode context = event.get("requestContext");
    assertThat(context.get("eventType").asText()).isEqualTo("DISCONNECT");
    assertThat(context.get("connectionId").asText()).isEqualTo(connectionId);
    assertThat(context.get("disconnectStatusCode").asInt()).isEqualTo(4000);
    assertThat(context.get("disconnectReason").asText()).isEqualTo("done");
    assertThat(event.get("headers").get("Host").asText()).isEqualTo(api.domainName());
    assertThat(event.get("headers").get("x-api-key").asText()).isEmpty();
    assertThat(event.has("body")).isFalse();
  }

  @Test
  void handshakeOutsideTheStageIsForbidden() {
    assertThatThrownBy(() -> TestClient.connect(URI.create("ws://127.0.0.1:" + api.port() + "/prod")))
        .cause()
        .isInstanceOfSatisfying(WebSocketHandshakeException.class,
            rejected -> assertThat(rejected.getResponse().statusCode()).isEqualTo(403));
  }

  private static TestClient connected() {
    return TestClient.connect(URI.create(api.websocketUrl() + "?token=ok"));
  }

  private static String whoami(TestClient client) throws InterruptedException {
    client.send("{\"action\":\"whoami\"}");
    return client.nextText();
  }

  private static String recordOrder(JsonNode event) {
    String connectionId = event.path("requestContext").path("connectionId").asText();
    int seq;
    try {
      seq = RecordingHandler.JSON.readTree(event.get("body").asText()).get("seq").asInt();
    } catch (Exception unreadable) {
      throw new IllegalStateException(unreadable);
    }
    ORDER.computeIfAbsent(connectionId, id -> new CopyOnWriteArrayList<>()).add(seq);
    return "{\"statusCode\":200,\"body\":\"" + seq + "\"}";
  }

  private static LambdaFunction function(String name, Supplier<?> handler) {
    return track(LambdaFunction.builder(name).handler(handler).build());
  }

  private static LambdaFunction track(LambdaFunction function) {
    FUNCTIONS.add(function);
    return function;
  }
}
