package dev.place.shared.protocol;

/** A client message that breaks the protocol; it is answered with {@link #code()} and changes nothing. */
public final class ProtocolException extends Exception {

  private final ErrorCode code;

  public ProtocolException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
