package dev.place.shared.moderation;

/**
 * Per user: placements since the last passed challenge, and which challenges were used (a solved
 * challenge opens one gate, once). Redis in production ({@code dev.place.shared.redis.RedisChallengeCounters}).
 */
public interface ChallengeCounters {

  /** Placements the user made since passing a challenge (or ever, within the counter's life). */
  long placementsSincePassed(String userId);

  /** Counts one placement the user made. */
  void countPlacement(String userId);

  /**
   * Marks the challenge used and starts the user's count again; false when it was used already.
   * {@code validMillis}: how long to remember it (the challenge is refused anyway once expired).
   */
  boolean pass(String userId, String challenge, long validMillis);
}
