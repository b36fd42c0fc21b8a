package dev.place.shared.moderation;

/**
 * Where bans are kept (Redis in production: {@code dev.place.shared.redis.RedisBans}). One ban per
 * user at most: banning again replaces it. Sessions, tickets and connections ask {@link #inForce}.
 */
public interface Bans {

  /** The user's ban if it is in force at {@code nowMillis}, else null (an expired ban is no ban). */
  Ban inForce(String userId, long nowMillis);

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
