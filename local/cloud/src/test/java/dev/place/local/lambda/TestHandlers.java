package dev.place.local.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** Handlers deployed by class in the Lambda runtime tests. */
final class TestHandlers {

  private TestHandlers() {
  }

  /** Counts constructions (cold starts) and reports which instance served the call. */
  public static class CountingHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    static final AtomicInteger CONSTRUCTED = new AtomicInteger();
    private final int instance = CONSTRUCTED.incrementAndGet();
    private int calls;

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
      calls++;
      return Map.of("instance", instance, "calls", calls, "echo", event.get("value"));
    }
  }

  /** Blocks until released, to hold an execution environment busy. */
  public static class BlockingHandler implements RequestHandler<String, String> {
    static volatile CountDownLatch release = new CountDownLatch(0);
    static final AtomicInteger CONSTRUCTED = new AtomicInteger();

    public BlockingHandler() {
      CONSTRUCTED.incrementAndGet();
    }

    @Override
    public String handleRequest(String input, Context context) {
      try {
        release.await();
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      return "released " + input;
    }
  }

  public static class FailingHandler implements RequestHandler<String, String> {
    @Override
    public String handleRequest(String input, Context context) {
      throw new UnsupportedOperationException("no pixels today");
    }
  }

  public static class ContextReportingHandler implements RequestHandler<String, Map<String, Object>> {
    @Override
    public Map<String, Object> handleRequest(String input, Context context) {
      context.getLogger().log("reporting context\n");
      return Map.of(
          "requestId", context.getAwsRequestId(),
          "function", context.getFunctionName(),
          "arn", context.getInvokedFunctionArn(),
          "memory", context.getMemoryLimitInMB(),
          "remaining", context.getRemainingTimeInMillis(),
          "logGroup", context.getLogGroupName());
    }
  }

  /** Uses a supported event class, which the runtime reads with its mixins ("detail-type" -> detailType). */
  public static class ScheduledHandler implements RequestHandler<ScheduledEvent, String> {
    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
      return event.getDetailType() + " from " + event.getSource();
    }
  }

  /** Uses an event class the runtime does not list as supported, read with its plain Jackson configuration. */
  public static class WebSocketEventHandler implements RequestHandler<APIGatewayV2WebSocketEvent, String> {
    @Override
    public String handleRequest(APIGatewayV2WebSocketEvent event, Context context) {
      return event.getRequestContext().getRouteKey() + " " + event.getRequestContext().getConnectedAt()
          + " " + event.isIsBase64Encoded();
    }
  }

  public static class VoidHandler implements RequestHandler<String, Void> {
    @Override
    public Void handleRequest(String input, Context context) {
      return null;
    }
  }

  public static class FailingConstructorHandler implements RequestHandler<String, String> {
    static final AtomicInteger ATTEMPTS = new AtomicInteger();

    public FailingConstructorHandler() throws IOException {
      if (ATTEMPTS.incrementAndGet() == 1) {
        throw new IOException("config not found");
      }
    }

    @Override
    public String handleRequest(String input, Context context) {
      return "initialised on attempt " + ATTEMPTS.get();
    }
  }

  public static class NoDefaultConstructorHandler implements RequestHandler<String, String> {
    public NoDefaultConstructorHandler(String dependency) {
    }

    @Override
    public String handleRequest(String input, Context context) {
      return input;
    }
  }
}
