package dev.place.shared.protocol;

/** A client message that breaks the protocol; it is answered with {@link #code()} and changes nothing. */
public final class ProtocolException extends Exception {

  private final ErrorCode code;
  private final String requestId;

  public ProtocolException(ErrorCode code, String message) {
    this(code, message, null);
  }

  /** {@code requestId}: the request's {@code id} as JSON text, when it could be read. */
  public ProtocolException(ErrorCode code, String message, String requestId) {
    super(message, null, false, false);
    this.code = code;
    this.requestId = requestId;
  }

  public ErrorCode code() {
    return code;
  }

  /** The request's {@code id} as JSON text, or null. */
  public String requestId() {
    return requestId;
  }
}
