package dev.place.local.apigw;

import dev.place.local.lambda.LambdaFunction;
import dev.place.local.lambda.LambdaInvocationException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A call from API Gateway to a Lambda proxy integration. API Gateway stops waiting after its integration timeout
 * even if the function runs on (its own timeout may be longer), and reports a function timeout the same way.
 */
final class Integration {

  private Integration() {
  }

  static CompletableFuture<String> call(LambdaFunction function, String event, Duration integrationTimeout) {
    return function.invokeAsync(event).orTimeout(integrationTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  static boolean timedOut(Throwable failure) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    return cause instanceof TimeoutException
        || cause instanceof LambdaInvocationException invocation
        && invocation.kind() == LambdaInvocationException.Kind.TIMEOUT;
  }
}
