package dev.place.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import dev.place.local.it.AwsCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * The emulated Lambda Invoke API through the AWS SDK's own client (what the timelapse dispatcher
 * uses) and the {@code aws} CLI: only the endpoint differs from AWS.
 */
class LambdaInvokeApiIT {

  /** Events the asynchronous function received, in order. */
  static final List<String> RECEIVED = new CopyOnWriteArrayList<>();
  static final List<String> ATTEMPTS = new CopyOnWriteArrayList<>();

  /** Echoes its event, like a stream handler such as the timelapse worker. */
  public static class Echo implements RequestStreamHandler {
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
      output.write(("{\"echo\":" + new String(input.readAllBytes(), StandardCharsets.UTF_8) + "}").getBytes(StandardCharsets.UTF_8));
    }
  }

  public static class Recorder implements RequestStreamHandler {
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
      RECEIVED.add(new String(input.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  public static class AlwaysFails implements RequestStreamHandler {
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
      ATTEMPTS.add(new String(input.readAllBytes(), StandardCharsets.UTF_8));
      throw new IllegalStateException("render failed");
    }
  }

  private static LambdaFunction echo;
  private static LambdaFunction recorder;
  private static LambdaFunction failing;
  private static LambdaInvokeApi api;
  private static LambdaClient lambda;

  @BeforeAll
  static void start() {
    echo = LambdaFunction.builder("echo").handler(Echo.class).build();
    recorder = LambdaFunction.builder("recorder").handler(Recorder.class).maxConcurrency(1).build();
    failing = LambdaFunction.builder("failing").handler(AlwaysFails.class).build();
    api = LambdaInvokeApi.builder().function(echo, 2).function(recorder, 0).function(failing, 1).start();
    lambda = LambdaClient.builder().endpointOverride(api.endpoint()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  @AfterAll
  static void stop() {
    lambda.close();
    api.close();
    echo.close();
    recorder.close();
    failing.close();
  }

  @Test
  void aSynchronousInvokeAnswersTheFunctionsOutput() {
    InvokeResponse response = lambda.invoke(b -> b.functionName("echo").payload(SdkBytes.fromUtf8String("{\"n\":1}")));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.functionError()).isNull();
    assertThat(response.executedVersion()).isEqualTo("$LATEST");
    assertThat(response.payload().asUtf8String()).isEqualTo("{\"echo\":{\"n\":1}}");
  }

  @Test
  void theFunctionMayBeNamedByArnWithAQualifier() {
    InvokeResponse response = lambda.invoke(b -> b.functionName("arn:aws:lambda:us-east-1:000000000000:function:echo:live")
        .payload(SdkBytes.fromUtf8String("2")));
    assertThat(response.payload().asUtf8String()).isEqualTo("{\"echo\":2}");
  }

  @Test
  void anEventIsAcceptedAtOnceAndDeliveredInOrder() throws Exception {
    RECEIVED.clear();
    for (int i = 0; i < 3; i++) {
      int n = i;
      InvokeResponse response = lambda.invoke(b -> b.functionName("recorder").invocationType(InvocationType.EVENT)
          .payload(SdkBytes.fromUtf8String("{\"job\":" + n + "}")));
      assertThat(response.statusCode()).isEqualTo(202);
      assertThat(response.payload().asByteArray()).isEmpty();
    }
    long deadline = System.currentTimeMillis() + 10_000;
    while (RECEIVED.size() < 3 && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertThat(RECEIVED).containsExactly("{\"job\":0}", "{\"job\":1}", "{\"job\":2}");
  }

  @Test
  void aFailedEventIsRetriedAsConfiguredThenDropped() throws Exception {
    ATTEMPTS.clear();
    lambda.invoke(b -> b.functionName("failing").invocationType(InvocationType.EVENT).payload(SdkBytes.fromUtf8String("{}")));
    long deadline = System.currentTimeMillis() + 10_000;
    while (ATTEMPTS.size() < 2 && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    Thread.sleep(1_500); // no third attempt: one retry configured
    assertThat(ATTEMPTS).hasSize(2);
  }

  @Test
  void aFailedSynchronousInvokeIsA200WithTheFunctionErrorAndItsPayload() {
    InvokeResponse response = lambda.invoke(b -> b.functionName("failing").payload(SdkBytes.fromUtf8String("{}")));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.functionError()).isEqualTo("Unhandled");
    assertThat(response.payload().asUtf8String())
        .contains("\"errorMessage\":\"render failed\"").contains("\"errorType\":\"java.lang.IllegalStateException\"");
  }

  @Test
  void anUnknownFunctionIsResourceNotFoundAndADryRunRunsNothing() {
    assertThatThrownBy(() -> lambda.invoke(b -> b.functionName("nope").payload(SdkBytes.fromUtf8String("{}"))))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("Function not found: nope");
    assertThat(lambda.invoke(b -> b.functionName("echo").invocationType(InvocationType.DRY_RUN)).statusCode()).isEqualTo(204);
  }

  @Test
  void theAwsCliInvokesTheFunction(@TempDir Path dir) throws Exception {
    String version = AwsCli.version().orElse(null);
    org.junit.jupiter.api.Assumptions.assumeTrue(version != null,
        "the aws CLI is not on PATH, so the CLI compatibility test cannot run");
    AwsCli.Result result = AwsCli.run(AwsCli.withRawBlobs(version, List.of("aws", "lambda", "invoke",
        "--endpoint-url", api.endpoint().toString(), "--function-name", "echo", "--payload", "{\"from\":\"cli\"}",
        dir.resolve("out.json").toString())));
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("\"StatusCode\": 200");
    assertThat(Files.readString(dir.resolve("out.json"))).isEqualTo("{\"echo\":{\"from\":\"cli\"}}");
  }
}
