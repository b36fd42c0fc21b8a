package dev.place.local.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LambdaFunctionTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<LambdaFunction> functions = new ArrayList<>();

  @AfterEach
  void closeFunctions() {
    TestHandlers.BlockingHandler.release.countDown();
    functions.forEach(LambdaFunction::close);
  }

  @Test
  void handlerClassIsConstructedOnFirstInvocationAndReusedWhileWarm() throws Exception {
    TestHandlers.CountingHandler.CONSTRUCTED.set(0);
    LambdaFunction function = deploy(LambdaFunction.builder("counting").handler(TestHandlers.CountingHandler.class));
    assertThat(TestHandlers.CountingHandler.CONSTRUCTED).hasValue(0);

    JsonNode first = JSON.readTree(function.invoke("{\"value\":\"a\"}"));
    JsonNode second = JSON.readTree(function.invoke("{\"value\":\"b\"}"));

    assertThat(first.get("instance").asInt()).isEqualTo(second.get("instance").asInt());
    assertThat(second.get("calls").asInt()).isEqualTo(2);
    assertThat(second.get("echo").asText()).isEqualTo("b");
    assertThat(TestHandlers.CountingHandler.CONSTRUCTED).hasValue(1);
    assertThat(function.liveEnvironments()).isEqualTo(1);
  }

  @Test
  void primingInitialisesEveryEnvironmentAheadOfTrafficSoNoInvocationIsAColdStart() throws Exception {
    TestHandlers.CountingHandler.CONSTRUCTED.set(0);
    LambdaFunction function = deploy(LambdaFunction.builder("primed").maxConcurrency(3)
        .handler(TestHandlers.CountingHandler.class));

    List<Long> primed = function.prime("{\"value\":\"harmless\"}");

    assertThat(primed).hasSize(3).allMatch(millis -> millis >= 0);
    assertThat(TestHandlers.CountingHandler.CONSTRUCTED).hasValue(3);
    assertThat(function.liveEnvironments()).isEqualTo(3);
    // Traffic finds them warm: one priming call each already, no new instance.
    JsonNode answer = JSON.readTree(function.invoke("{\"value\":\"real\"}"));
    assertThat(answer.get("calls").asInt()).isEqualTo(2);
    assertThat(TestHandlers.CountingHandler.CONSTRUCTED).hasValue(3);
  }

  @Test
  void aFailedPrimingDiscardsTheEnvironmentAndTheNextInvocationInitialisesAFreshOne() {
    TestHandlers.FailingConstructorHandler.ATTEMPTS.set(0);
    LambdaFunction function = deploy(LambdaFunction.builder("failing-init").maxConcurrency(1)
        .handler(TestHandlers.FailingConstructorHandler.class));

    assertThat(function.prime("\"harmless\"")).hasSize(1);

    assertThat(function.liveEnvironments()).isZero();
    assertThat(function.invoke("\"real\"")).isEqualTo("\"initialised on attempt 2\"");
  }

  @Test
  void concurrentInvocationsGetSeparateEnvironmentsUpToTheConcurrencyLimitAndThenWait() throws Exception {
    TestHandlers.BlockingHandler.CONSTRUCTED.set(0);
    TestHandlers.BlockingHandler.release = new CountDownLatch(1);
    LambdaFunction function = deploy(LambdaFunction.builder("blocking").maxConcurrency(2)
        .handler(TestHandlers.BlockingHandler.class));

    List<CompletableFuture<String>> calls = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      calls.add(function.invokeAsync("\"" + i + "\""));
    }
    Thread.sleep(200);
    assertThat(calls).noneMatch(CompletableFuture::isDone);
    TestHandlers.BlockingHandler.release.countDown();

    assertThat(CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).thenApply(done ->
        calls.stream().map(CompletableFuture::join).toList()).get(5, TimeUnit.SECONDS))
        .containsExactly("\"released 0\"", "\"released 1\"", "\"released 2\"");
    assertThat(TestHandlers.BlockingHandler.CONSTRUCTED).hasValue(2);
  }

  @Test
  void invocationThatFindsNoFreeEnvironmentInTimeIsThrottled() {
    TestHandlers.BlockingHandler.release = new CountDownLatch(1);
    LambdaFunction function = deploy(LambdaFunction.builder("throttled").maxConcurrency(1)
        .queueTimeout(Duration.ofMillis(50)).handler(TestHandlers.BlockingHandler.class));
    CompletableFuture<String> busy = function.invokeAsync("\"first\"");

    assertThatThrownBy(() -> function.invoke("\"second\""))
        .isInstanceOfSatisfying(LambdaInvocationException.class, throttled -> {
          assertThat(throttled.kind()).isEqualTo(LambdaInvocationException.Kind.THROTTLED);
          assertThat(throttled.errorType()).isEqualTo("TooManyRequestsException");
        });
    TestHandlers.BlockingHandler.release.countDown();
    assertThat(busy.join()).isEqualTo("\"released first\"");
  }

  @Test
  void handlerExceptionIsReportedWithTheExceptionClassAndMessage() {
    LambdaFunction function = deploy(LambdaFunction.builder("failing").handler(TestHandlers.FailingHandler.class));
    assertThatThrownBy(() -> function.invoke("\"x\""))
        .isInstanceOfSatisfying(LambdaInvocationException.class, failure -> {
          assertThat(failure.kind()).isEqualTo(LambdaInvocationException.Kind.FUNCTION_ERROR);
          assertThat(failure.errorType()).isEqualTo("java.lang.UnsupportedOperationException");
          assertThat(failure.errorMessage()).isEqualTo("no pixels today");
          assertThat(failure.toErrorJson()).startsWith(
              "{\"errorMessage\":\"no pixels today\",\"errorType\":\"java.lang.UnsupportedOperationException\",\"stackTrace\":[");
        });
    assertThat(function.invokeAsync("\"again\"")).failsWithin(Duration.ofSeconds(5));
    assertThat(function.liveEnvironments()).isEqualTo(1);
  }

  @Test
  void inputThatDoesNotFitTheHandlersTypeFailsWithTheRuntimesParsingError() {
    LambdaFunction function = deploy(LambdaFunction.builder("typed").handler(TestHandlers.FailingHandler.class));
    assertThatThrownBy(() -> function.invoke("{\"not\":\"a string\"}"))
        .isInstanceOfSatisfying(LambdaInvocationException.class, failure -> {
          assertThat(failure.errorType()).isEqualTo("java.lang.RuntimeException");
          assertThat(failure.errorMessage()).isEqualTo("An error occurred during JSON parsing");
        });
  }

  @Test
  void supportedEventClassesAreReadWithTheRuntimesMixins() {
    LambdaFunction function = deploy(LambdaFunction.builder("scheduled").handler(TestHandlers.ScheduledHandler.class));
    String output = function.invoke("{\"version\":\"0\",\"id\":\"1\",\"detail-type\":\"Scheduled Event\","
        + "\"source\":\"aws.events\",\"time\":\"2024-01-01T00:00:00Z\",\"region\":\"us-east-1\",\"detail\":{}}");
    assertThat(output).isEqualTo("\"Scheduled Event from aws.events\"");
  }

  @Test
  void unsupportedEventClassesAreReadWithThePlainJacksonConfiguration() {
    LambdaFunction function = deploy(LambdaFunction.builder("ws").handler(TestHandlers.WebSocketEventHandler.class));
    String output = function.invoke("{\"requestContext\":{\"routeKey\":\"$default\",\"connectedAt\":1731332735513,"
        + "\"disconnectStatusCode\":1005},\"isBase64Encoded\":true,\"unknownField\":1}");
    assertThat(output).isEqualTo("\"$default 1731332735513 true\"");
  }

  @Test
  void voidHandlerReturnsJsonNull() {
    LambdaFunction function = deploy(LambdaFunction.builder("void").handler(TestHandlers.VoidHandler.class));
    assertThat(function.invoke("\"x\"")).isEqualTo("null");
  }

  @Test
  void contextCarriesRequestIdNamesMemoryAndRemainingTime() throws Exception {
    LambdaFunction function = deploy(LambdaFunction.builder("ctx").memoryMb(1024).timeout(Duration.ofSeconds(5))
        .region("eu-west-1").accountId("123456789012").handler(TestHandlers.ContextReportingHandler.class));
    JsonNode context = JSON.readTree(function.invoke("\"x\""));
    assertThat(context.get("requestId").asText()).matches("[0-9a-f-]{36}");
    assertThat(context.get("function").asText()).isEqualTo("ctx");
    assertThat(context.get("arn").asText()).isEqualTo("arn:aws:lambda:eu-west-1:123456789012:function:ctx");
    assertThat(context.get("memory").asInt()).isEqualTo(1024);
    assertThat(context.get("remaining").asInt()).isBetween(4_000, 5_000);
    assertThat(context.get("logGroup").asText()).isEqualTo("/aws/lambda/ctx");
  }

  @Test
  void timedOutInvocationIsReportedAndItsEnvironmentReplacedByAColdOne() {
    TestHandlers.BlockingHandler.CONSTRUCTED.set(0);
    TestHandlers.BlockingHandler.release = new CountDownLatch(1);
    LambdaFunction function = deploy(LambdaFunction.builder("timeout").maxConcurrency(1)
        .timeout(Duration.ofMillis(100)).handler(TestHandlers.BlockingHandler.class));

    assertThatThrownBy(() -> function.invoke("\"stuck\""))
        .isInstanceOfSatisfying(LambdaInvocationException.class, timeout -> {
          assertThat(timeout.kind()).isEqualTo(LambdaInvocationException.Kind.TIMEOUT);
          assertThat(timeout.errorType()).isEqualTo("Sandbox.Timedout");
          assertThat(timeout.errorMessage()).endsWith("Task timed out after 0.10 seconds");
        });
    TestHandlers.BlockingHandler.release.countDown();
    assertThat(function.invoke("\"next\"")).isEqualTo("\"released next\"");
    assertThat(TestHandlers.BlockingHandler.CONSTRUCTED).hasValue(2);
  }

  @Test
  void failedInitIsReportedAsInitErrorAndRetriedByTheNextInvocation() {
    TestHandlers.FailingConstructorHandler.ATTEMPTS.set(0);
    LambdaFunction function = deploy(LambdaFunction.builder("init").handler(TestHandlers.FailingConstructorHandler.class));
    assertThatThrownBy(() -> function.invoke("\"x\""))
        .isInstanceOfSatisfying(LambdaInvocationException.class, failure -> {
          assertThat(failure.kind()).isEqualTo(LambdaInvocationException.Kind.INIT_ERROR);
          assertThat(failure.errorType()).isEqualTo("java.io.IOException");
        });
    assertThat(function.invoke("\"x\"")).isEqualTo("\"initialised on attempt 2\"");
  }

  @Test
  void handlerClassesMustHaveAPublicNoArgumentConstructorAndImplementAHandlerInterface() {
    assertThatThrownBy(() -> LambdaFunction.builder("bad").handler(TestHandlers.NoDefaultConstructorHandler.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no public zero-argument constructor");
    assertThatThrownBy(() -> LambdaFunction.builder("bad").handler(String.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not implement an appropriate handler interface");
  }

  @Test
  void blockingInvokeUnwrapsTheFailure() {
    LambdaFunction function = deploy(LambdaFunction.builder("failing").handler(TestHandlers.FailingHandler.class));
    assertThatThrownBy(() -> function.invokeAsync("\"x\"").join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(LambdaInvocationException.class);
  }

  private LambdaFunction deploy(LambdaFunction.Builder builder) {
    LambdaFunction function = builder.build();
    functions.add(function);
    return function;
  }
}
