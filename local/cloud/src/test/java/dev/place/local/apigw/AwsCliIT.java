package dev.place.local.apigw;

import dev.place.local.it.AwsCli;
import dev.place.local.lambda.LambdaFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The official {@code aws} CLI against the emulator: the same command that works against AWS works locally with
 * only {@code --endpoint-url} and dummy credentials changed.
 */
class AwsCliIT {

  private static WebSocketApi api;
  private static LambdaFunction whoami;
  private static String cliVersion;

  @BeforeAll
  static void start() {
    cliVersion = AwsCli.version().orElse(null);
    assumeTrue(cliVersion != null, "the aws CLI is not on PATH, so the CLI compatibility tests cannot run");
    whoami = LambdaFunction.builder("whoami").handler(() -> new RecordingHandler(event ->
        "{\"statusCode\":200,\"body\":\"" + event.path("requestContext").path("connectionId").asText() + "\"}")).build();
    api = WebSocketApi.builder().twoWayRoute("whoami", whoami).start();
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
      whoami.close();
    }
  }

  @Test
  void postToConnectionDeliversTheCommandsData() throws Exception {
    try (TestClient client = TestClient.connect(api.websocketUrl())) {
      String connectionId = ConnectionsApiIT.whoami(client);
      List<String> command = AwsCli.withRawBlobs(cliVersion, List.of("aws", "apigatewaymanagementapi", "post-to-connection",
          "--endpoint-url", api.connectionsEndpoint().toString(),
          "--connection-id", connectionId,
          "--data", "{\"from\":\"cli\"}"));
      AwsCli.Result result = AwsCli.run(command);
      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(client.nextText()).isEqualTo("{\"from\":\"cli\"}");
    }
  }

  @Test
  void getConnectionPrintsTheConnectionAndAGoneConnectionFailsWithGoneException() throws Exception {
    String connectionId;
    try (TestClient client = TestClient.connect(api.websocketUrl())) {
      connectionId = ConnectionsApiIT.whoami(client);
      AwsCli.Result found = AwsCli.run(List.of("aws", "apigatewaymanagementapi", "get-connection",
          "--endpoint-url", api.connectionsEndpoint().toString(), "--connection-id", connectionId));
      assertThat(found.exitCode()).as(found.output()).isZero();
      assertThat(found.output()).contains("\"SourceIp\": \"127.0.0.1\"");
    }
    AwsCli.Result gone = AwsCli.run(List.of("aws", "apigatewaymanagementapi", "get-connection",
        "--endpoint-url", api.connectionsEndpoint().toString(), "--connection-id", connectionId));
    assertThat(gone.exitCode()).isNotZero();
    assertThat(gone.output()).contains("GoneException");
  }
}
