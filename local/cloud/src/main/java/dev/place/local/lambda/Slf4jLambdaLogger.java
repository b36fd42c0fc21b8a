package dev.place.local.lambda;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import org.slf4j.Logger;

import java.nio.charset.StandardCharsets;

/**
 * Sends what a handler writes through {@code context.getLogger()} to slf4j, prefixed with the request id the way
 * CloudWatch lines carry it, so interleaved output of concurrent invocations stays attributable.
 */
final class Slf4jLambdaLogger implements LambdaLogger {

  private final Logger logger;
  private final String requestId;

  Slf4jLambdaLogger(Logger logger, String requestId) {
    this.logger = logger;
    this.requestId = requestId;
  }

  @Override
  public void log(String message) {
    log(message, LogLevel.UNDEFINED);
  }

  @Override
  public void log(byte[] message) {
    log(new String(message, StandardCharsets.UTF_8), LogLevel.UNDEFINED);
  }

  @Override
  public void log(String message, LogLevel level) {
    String line = stripTrailingNewline(message);
    switch (level) {
      case TRACE -> logger.trace("{} {}", requestId, line);
      case DEBUG -> logger.debug("{} {}", requestId, line);
      case WARN -> logger.warn("{} {}", requestId, line);
      case ERROR, FATAL -> logger.error("{} {}", requestId, line);
      default -> logger.info("{} {}", requestId, line);
    }
  }

  @Override
  public void log(byte[] message, LogLevel level) {
    log(new String(message, StandardCharsets.UTF_8), level);
  }

  // Handlers commonly append "\n" because the real logger writes raw; slf4j adds its own line end.
  private static String stripTrailingNewline(String message) {
    if (message == null) {
      return "null";
    }
    int end = message.length();
    while (end > 0 && (message.charAt(end - 1) == '\n' || message.charAt(end - 1) == '\r')) {
      end--;
    }
    return message.substring(0, end);
  }
}
