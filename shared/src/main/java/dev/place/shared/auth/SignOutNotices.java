package dev.place.shared.auth;

import java.util.function.Consumer;

/**
 * Tells every edge instance that a user signed out (or was banned), so that it closes the user's open
 * sockets: revocation is checked when a socket opens, and a socket that is already open must not
 * outlive the session that opened it. Best effort by nature (an instance cut off from the channel at
 * that moment misses the notice); the session itself is revoked durably in {@link SessionRevocations}.
 */
public interface SignOutNotices {

  /** Announces that every session of the user has ended. */
  void announce(String userId);

  /** Calls {@code signedOut} with the user id of each announcement until the returned handle is closed. */
  AutoCloseable listen(Consumer<String> signedOut);
}
