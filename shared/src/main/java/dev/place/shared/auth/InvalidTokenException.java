package dev.place.shared.auth;

/**
 * The token is missing, forged, malformed or expired; the message says which. Not final: a banned
 * user's credential is refused as well ({@link UserBannedException}), and every caller that only
 * knows this type still refuses it.
 */
public class InvalidTokenException extends Exception {
  public InvalidTokenException(String message) {
    super(message, null, false, false);
  }
}
