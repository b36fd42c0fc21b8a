package dev.place.shared.moderation;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where bans are kept (Redis in production: {@code dev.place.shared.redis.RedisBans}). One ban per
 * user at most: banning again replaces it. Sessions, tickets and connections ask {@link #inForce}.
 */
public interface Bans {

  /** The user's ban if it is in force at {@code nowMillis}, else null (an expired ban is no ban). */
  Ban inForce(String userId, long nowMillis);

  /**
   * {@link #inForce} for an event loop (the edge's handshake), which must not wait for Redis. This
   * default asks {@link #inForce} on the caller's thread: right for stores that need no round trip.
   */
  default CompletionStage<Ban> inForceAsync(String userId, long nowMillis) {
    return CompletableFuture.completedFuture(inForce(userId, nowMillis));
  }

  /** Stores the ban, replacing the user's previous one. */
  void put(Ban ban);

  /** Removes the user's ban; returns the one removed, or null when there was none. */
  Ban lift(String userId);

  /** No bans at all: for deployments and tests that have none to check. */
  Bans NONE = new Bans() {
    @Override
    public Ban inForce(String userId, long nowMillis) {
      return null;
    }

    @Override
    public void put(Ban ban) {
      throw new UnsupportedOperationException("no ban store configured");
    }

    @Override
    public Ban lift(String userId) {
      return null;
    }
  };
}
