package dev.place.local.apigw;

import com.fasterxml.jackson.databind.JsonNode;
import dev.place.local.lambda.LambdaFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiAsyncClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GetConnectionResponse;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PayloadTooLargeException;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code @connections} API, driven by the real AWS SDK v2 clients exactly as a backend would use them. */
class ConnectionsApiIT {

  private static final StaticCredentialsProvider DUMMY_CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCALTEST", "local-secret"));
  private static final RecordingHandler DISCONNECT = RecordingHandler.ok();
  private static final CompletableFuture<Throwable> POST_DURING_CONNECT = new CompletableFuture<>();
  private static final List<LambdaFunction> FUNCTIONS = new ArrayList<>();

  private static WebSocketApi api;
  private static ApiGatewayManagementApiAsyncClient management;

  @BeforeAll
  static void start() {
    api = WebSocketApi.builder()
        .route("$connect", function("connect", new RecordingHandler(ConnectionsApiIT::connect)))
        .route("$disconnect", function("disconnect", DISCONNECT))
        .twoWayRoute("whoami", function("whoami", new RecordingHandler(event ->
            "{\"statusCode\":200,\"body\":\"" + event.path("requestContext").path("connectionId").asText() + "\"}")))
        .start();
    management = ApiGatewayManagementApiAsyncClient.builder()
        .endpointOverride(api.connectionsEndpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(DUMMY_CREDENTIALS)
        .build();
  }

  @AfterAll
  static void stop() {
    management.close();
    api.close();
    FUNCTIONS.forEach(LambdaFunction::close);
  }

  @BeforeEach
  void forgetEarlierEvents() {
    DISCONNECT.events.clear();
  }

  @Test
  void postToConnectionWithTheSdkDeliversUtf8DataAsATextFrame() throws Exception {
    try (TestClient client = TestClient.connect(api.websocketUrl())) {
      String connectionId = whoami(client);
      management.postToConnection(request -> request.connectionId(connectionId)
          .data(SdkBytes.fromUtf8String("{\"pixel\":[1,2,\"#ff0000\"]}"))).join();
      assertThat(client.nextText()).isEqualTo("{\"pixel\":[1,2,\"#ff0000\"]}");
    }
  }

  @Test
  void postOfBytesThatAreNotUtf8DeliversABinaryFrame() throws Exception {
    try (TestClient client = TestClient.connect(api.websocketUrl())) {
      String connectionId = whoami(client);
      byte[] data = {(byte) 0xc3, (byte) 0x28, 0, 7};
      management.postToConnection(request -> request.connectionId(connectionId)
          .data(SdkBytes.fromByteArray(data))).join();
      assertThat(client.binaries.poll(10, TimeUnit.SECONDS)).isEqualTo(data);
    }
  }

  @Test
  void postToAClosedConnectionThrowsGoneException() throws Exception {
    TestClient client = TestClient.connect(api.websocketUrl());
    String connectionId = whoami(client);
    client.close();
    DISCONNECT.next();
    assertThatThrownBy(() -> management.postToConnection(request -> request.connectionId(connectionId)
        .data(SdkBytes.fromUtf8String("late"))).join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOfSatisfying(GoneException.class, gone -> {
          assertThat(gone.statusCode()).isEqualTo(410);
          assertThat(gone.awsErrorDetails().errorCode()).isEqualTo("GoneException");
        });
  }

  @Test
  void synchronousClientGetsGoneExceptionForAnUnknownConnection() {
    try (ApiGatewayManagementApiClient client = ApiGatewayManagementApiClient.builder()
        .endpointOverride(api.connectionsEndpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(DUMMY_CREDENTIALS)
        .build()) {
      assertThatThrownBy(() -> client.postToConnection(request -> request.connectionId("R0oXAdfD0kwCH6w=")
          .data(SdkBytes.fromUtf8String("x"))))
          .isInstanceOf(GoneException.class);
    }
  }

  @Test
  void getConnectionReturnsConnectedAtLastActiveAtAndTheClientsIdentity() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    try (TestClient client = TestClient.connect(api.websocketUrl())) {
      String connectionId = whoami(client);
      GetConnectionResponse connection = management.getConnection(request -> request.connectionId(connectionId)).join();
      assertThat(connection.connectedAt()).isBetween(before, Instant.now());
      assertThat(connection.lastActiveAt()).isAfterOrEqualTo(connection.connectedAt());
      assertThat(connection.identity().sourceIp()).isEqualTo("127.0.0.1");
      assertThat(connection.identity().userAgent()).startsWith("Java-http-client");
    }
  }

  @Test
  void deleteConnectionClosesTheSocketAndInvokesDisconnect() throws Exception {
    TestClient client = TestClient.connect(api.websocketUrl());
    String connectionId = whoami(client);
    management.deleteConnection(request -> request.connectionId(connectionId)).join();
    assertThat(client.awaitClose().statusCode()).isEqualTo(1000);
    JsonNode disconnect = DISCONNECT.next();
    assertThat(disconnect.get("requestContext").get("connectionId").asText()).isEqualTo(connectionId);
    assertThatThrownBy(() -> management.getConnection(request -> request.connectionId(connectionId)).join())
        .cause()
        .isInstanceOf(GoneException.class);
  }

  @Test
  void postOfMoreThan128KiBThrowsPayloadTooLargeExceptionAndExactly128KiBIsDelivered() throws Exception {
    try (TestClient client = TestClient.connect(api.websocketUrl())) {
      String connectionId = whoami(client);
      String limit = "x".repeat(128 * 1024);
      management.postToConnection(request -> request.connectionId(connectionId)
          .data(SdkBytes.fromUtf8String(limit))).join();
      assertThat(client.nextText()).hasSize(128 * 1024);
      assertThatThrownBy(() -> management.postToConnection(request -> request.connectionId(connectionId)
          .data(SdkBytes.fromUtf8String(limit + "y"))).join())
          .cause()
          .isInstanceOfSatisfying(PayloadTooLargeException.class,
              tooLarge -> assertThat(tooLarge.statusCode()).isEqualTo(413));
    }
  }

  @Test
  void postFromInsideConnectIsGoneBecauseTheConnectionIsNotEstablishedYet() throws Exception {
    try (TestClient client = TestClient.connect(URI.create(api.websocketUrl() + "?probe=1"))) {
      assertThat(POST_DURING_CONNECT.get()).isInstanceOf(GoneException.class);
      assertThat(whoami(client)).isNotEmpty();
    }
  }

  @Test
  void requestsWithoutAuthorizationAreForbiddenWithMissingAuthenticationToken() throws Exception {
    HttpResponse<String> response = TestClient.HTTP.send(HttpRequest.newBuilder(
            URI.create(api.connectionsEndpoint() + "/@connections/R0oXAdfD0kwCH6w="))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("ForbiddenException");
    assertThat(response.body()).isEqualTo("{\"message\":\"Missing Authentication Token\"}");
  }

  @Test
  void connectionPathsAreAcceptedPercentEncodedAndWithoutTheStage() throws Exception {
    try (TestClient client = TestClient.connect(api.websocketUrl())) {
      String connectionId = whoami(client);
      String encoded = connectionId.replace("=", "%3D");
      for (URI uri : List.of(
          URI.create(api.connectionsEndpoint() + "/%40connections/" + encoded),
          URI.create("http://127.0.0.1:" + api.port() + "/@connections/" + connectionId))) {
        HttpResponse<String> response = TestClient.HTTP.send(HttpRequest.newBuilder(uri)
            .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDLOCALTEST/20240101/us-east-1/execute-api/aws4_request")
            .timeout(Duration.ofSeconds(10))
            .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(uri.toString()).isEqualTo(200);
        assertThat(RecordingHandler.JSON.readTree(response.body()).has("connectedAt")).isTrue();
      }
    }
  }

  private static String connect(JsonNode event) {
    if ("1".equals(event.path("queryStringParameters").path("probe").asText())) {
      String connectionId = event.path("requestContext").path("connectionId").asText();
      try {
        management.postToConnection(request -> request.connectionId(connectionId)
            .data(SdkBytes.fromUtf8String("too early"))).join();
        POST_DURING_CONNECT.complete(null);
      } catch (CompletionException failed) {
        POST_DURING_CONNECT.complete(failed.getCause());
      }
    }
    return "{\"statusCode\":200}";
  }

  static String whoami(TestClient client) throws InterruptedException {
    client.send("{\"action\":\"whoami\"}");
    return client.nextText();
  }

  private static LambdaFunction function(String name, Object handler) {
    LambdaFunction function = LambdaFunction.builder(name).handler(() -> handler).build();
    FUNCTIONS.add(function);
    return function;
  }
}
