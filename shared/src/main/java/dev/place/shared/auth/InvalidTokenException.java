package dev.place.shared.auth;

/** The token is missing, forged, malformed or expired; the message says which. */
public final class InvalidTokenException extends Exception {
  public InvalidTokenException(String message) {
    super(message, null, false, false);
  }
}
