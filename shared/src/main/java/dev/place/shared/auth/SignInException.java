package dev.place.shared.auth;

import java.time.Duration;

/**
 * A session was not issued; {@link #code()} is the documented error code (docs/protocol.md, REST API)
 * and {@link #status()} the HTTP status that carries it.
 */
public final class SignInException extends Exception {

  /** The ID token is not one of our provider's for our client: forged, expired, for another app. */
  public static final String INVALID_ID_TOKEN = "INVALID_ID_TOKEN";
  /** An ID token was sent, but no identity provider is configured. */
  public static final String SIGN_IN_NOT_CONFIGURED = "SIGN_IN_NOT_CONFIGURED";
  /** A guest session was asked for where the operator allows none ({@code PLACE_GUESTS=off}). */
  public static final String GUESTS_DISABLED = "GUESTS_DISABLED";
  /** The address minted its share of guest sessions this hour. */
  public static final String GUEST_RATE_LIMITED = "GUEST_RATE_LIMITED";
  /** The session token is missing, bad, expired or revoked. */
  public static final String UNAUTHORIZED = "UNAUTHORIZED";

  private final String code;
  private final int status;
  private final Duration retryAfter;

  public SignInException(String code, int status, String message, Duration retryAfter) {
    super(message, null, false, false);
    this.code = code;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  public SignInException(String code, int status, String message) {
    this(code, status, message, null);
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  /** How long until trying again helps, or null when it does not. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
