package dev.place.shared.auth;

/**
 * Sign-out everywhere and bans: a user's sessions issued before a moment stop working. Sessions are
 * stateless tokens, so this is the one piece of state they are checked against.
 */
public interface SessionRevocations {

  /** Every session of the user issued at or before {@code atMillis} is revoked. */
  void revokeAll(String userId, long atMillis);

  /** The moment before which the user's sessions are revoked (epoch ms), or 0 when none is. */
  long revokedBefore(String userId);

  /** Whether a session of the user issued at {@code issuedAtMillis} was revoked since. */
  default boolean revoked(String userId, long issuedAtMillis) {
    return issuedAtMillis <= revokedBefore(userId);
  }
}
