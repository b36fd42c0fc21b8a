package dev.place.local.apigw;

import dev.place.local.lambda.LambdaFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
    cliVersion = cliVersion();
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
      List<String> command = new ArrayList<>(List.of("aws", "apigatewaymanagementapi", "post-to-connection",
          "--endpoint-url", api.connectionsEndpoint().toString(),
          "--connection-id", connectionId,
          "--data", "{\"from\":\"cli\"}"));
      // CLI v2 reads blob arguments as base64 unless told otherwise; v1 always passes them raw.
      if (cliVersion.startsWith("aws-cli/2")) {
        command.addAll(List.of("--cli-binary-format", "raw-in-base64-out"));
      }
      Result result = run(command);
      assertThat(result.exitCode()).as(result.output()).isZero();
      assertThat(client.nextText()).isEqualTo("{\"from\":\"cli\"}");
    }
  }

  @Test
  void getConnectionPrintsTheConnectionAndAGoneConnectionFailsWithGoneException() throws Exception {
    String connectionId;
    try (TestClient client = TestClient.connect(api.websocketUrl())) {
      connectionId = ConnectionsApiIT.whoami(client);
      Result found = run(List.of("aws", "apigatewaymanagementapi", "get-connection",
          "--endpoint-url", api.connectionsEndpoint().toString(), "--connection-id", connectionId));
      assertThat(found.exitCode()).as(found.output()).isZero();
      assertThat(found.output()).contains("\"SourceIp\": \"127.0.0.1\"");
    }
    Result gone = run(List.of("aws", "apigatewaymanagementapi", "get-connection",
        "--endpoint-url", api.connectionsEndpoint().toString(), "--connection-id", connectionId));
    assertThat(gone.exitCode()).isNotZero();
    assertThat(gone.output()).contains("GoneException");
  }

  private record Result(int exitCode, String output) {
  }

  private static Result run(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.put("AWS_ACCESS_KEY_ID", "AKIDLOCALTEST");
    environment.put("AWS_SECRET_ACCESS_KEY", "local-secret");
    environment.put("AWS_REGION", "us-east-1");
    environment.put("AWS_DEFAULT_REGION", "us-east-1");
    environment.put("AWS_EC2_METADATA_DISABLED", "true");
    environment.put("AWS_PAGER", "");
    // Keep a developer's own profile (and any real endpoint it names) out of the test.
    environment.put("AWS_CONFIG_FILE", "/dev/null");
    environment.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    environment.remove("AWS_PROFILE");
    environment.remove("AWS_SESSION_TOKEN");
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("aws CLI did not finish within 60 s");
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  private static String cliVersion() {
    try {
      Process process = new ProcessBuilder("aws", "--version").redirectErrorStream(true).start();
      String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 ? version : null;
    } catch (IOException notInstalled) {
      return null;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
