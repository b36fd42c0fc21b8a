package dev.place.local.apigw;

/**
 * The JSON text frames API Gateway itself sends to a client when it cannot deliver a message to an integration.
 * The irregular spacing is API Gateway's own, reproduced because clients have been seen matching on the text.
 */
final class ErrorFrames {

  private ErrorFrames() {
  }

  /** No route matched and there is no {@code $default} route. */
  static String forbidden(String connectionId, String requestId) {
    return frame("Forbidden", connectionId, requestId);
  }

  /** The integration failed (the function threw, was throttled, or answered malformed output). */
  static String internalServerError(String connectionId, String requestId) {
    return frame("Internal server error", connectionId, requestId);
  }

  /** The integration did not answer within the integration timeout. */
  static String timedOut(String connectionId, String requestId) {
    return frame("Endpoint request timed out", connectionId, requestId);
  }

  private static String frame(String message, String connectionId, String requestId) {
    return "{\"message\": \"" + message + "\", \"connectionId\":\"" + connectionId
        + "\", \"requestId\":\"" + requestId + "\"}";
  }
}
