package dev.place.local.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A failed invocation, carrying what the Lambda service would report in the invoke response
 * ({@code errorType}, {@code errorMessage}, {@code stackTrace}) plus which part of the platform failed,
 * because API Gateway maps throttles and timeouts differently from function errors.
 */
public final class LambdaInvocationException extends RuntimeException {

  /** Which part of the invocation failed. */
  public enum Kind {
    /** The handler threw, or its input/output could not be (de)serialised. */
    FUNCTION_ERROR,
    /** The handler could not be constructed (the init phase failed or timed out). */
    INIT_ERROR,
    /** The handler ran past the function timeout; its environment was discarded. */
    TIMEOUT,
    /** No execution environment became free in time (Lambda's TooManyRequestsException). */
    THROTTLED
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Kind kind;
  private final String errorType;
  private final String errorMessage;
  private final String requestId;
  private final List<String> stackTraceLines;

  private LambdaInvocationException(Kind kind, String errorType, String errorMessage, String requestId,
      List<String> stackTraceLines, Throwable cause) {
    super(errorType + ": " + errorMessage + " (requestId " + requestId + ")", cause);
    this.kind = kind;
    this.errorType = errorType;
    this.errorMessage = errorMessage;
    this.requestId = requestId;
    this.stackTraceLines = List.copyOf(stackTraceLines);
  }

  static LambdaInvocationException functionError(Throwable error, String requestId) {
    return new LambdaInvocationException(Kind.FUNCTION_ERROR, error.getClass().getName(),
        String.valueOf(error.getMessage()), requestId, frames(error), error);
  }

  static LambdaInvocationException initError(Throwable error, String requestId) {
    return new LambdaInvocationException(Kind.INIT_ERROR, error.getClass().getName(),
        String.valueOf(error.getMessage()), requestId, frames(error), error);
  }

  static LambdaInvocationException initTimeout(Duration limit, String requestId) {
    return new LambdaInvocationException(Kind.INIT_ERROR, "Sandbox.Timedout",
        "RequestId: " + requestId + " Error: INIT phase timed out after " + seconds(limit) + " seconds",
        requestId, List.of(), null);
  }

  static LambdaInvocationException timeout(Duration limit, String requestId) {
    return new LambdaInvocationException(Kind.TIMEOUT, "Sandbox.Timedout",
        "RequestId: " + requestId + " Error: Task timed out after " + seconds(limit) + " seconds",
        requestId, List.of(), null);
  }

  static LambdaInvocationException throttled(String requestId) {
    return new LambdaInvocationException(Kind.THROTTLED, "TooManyRequestsException", "Rate Exceeded.",
        requestId, List.of(), null);
  }

  public Kind kind() {
    return kind;
  }

  public String errorType() {
    return errorType;
  }

  public String errorMessage() {
    return errorMessage;
  }

  public String requestId() {
    return requestId;
  }

  public List<String> stackTraceLines() {
    return stackTraceLines;
  }

  /** The payload the Lambda service returns for a failed synchronous invoke. */
  public String toErrorJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("errorMessage", errorMessage);
    node.put("errorType", errorType);
    if (!stackTraceLines.isEmpty()) {
      ArrayNode trace = node.putArray("stackTrace");
      stackTraceLines.forEach(trace::add);
    }
    return node.toString();
  }

  private static List<String> frames(Throwable error) {
    List<String> lines = new ArrayList<>();
    for (StackTraceElement element : error.getStackTrace()) {
      lines.add(element.toString());
    }
    return lines;
  }

  private static String seconds(Duration limit) {
    return String.format(Locale.ROOT, "%.2f", limit.toMillis() / 1000.0);
  }
}
