package dev.place.shared.moderation;

/**
 * The challenge hook of the placement path (docs/protocol.md, CHALLENGE_REQUIRED): after every
 * {@code every} placements a user must solve a {@link PlacementChallenge} before the next one. Off
 * by default, and then not built at all, so the placement path costs nothing more; on, a placement
 * costs one counter read before and one increment after.
 */
public final class ChallengeGate {

  /** What the client must answer before its placement is taken. */
  public record Demand(String challenge, String message) {}

  private final PlacementChallenge test;
  private final ChallengeCounters counters;
  private final int every;
  private final long validMillis;

  public ChallengeGate(PlacementChallenge test, ChallengeCounters counters, int every, long validMillis) {
    if (every < 1) {
      throw new IllegalArgumentException("a challenge comes after at least one placement");
    }
    this.test = test;
    this.counters = counters;
    this.every = every;
    this.validMillis = validMillis;
  }

  /**
   * Null when the placement may go on; else the challenge to answer. A placement that carries an
   * answer is judged by it (a good, unused, unexpired answer resets the count and lets it through,
   * whether or not one was owed); one without waits for a challenge once the user has placed
   * {@code every} times since the last.
   */
  public Demand demand(String userId, String challenge, String answer, long nowMillis) {
    if (challenge != null || answer != null) {
      if (test.accepts(userId, challenge, answer, nowMillis) && counters.pass(userId, challenge, validMillis)) {
        return null;
      }
      return new Demand(test.issue(userId, nowMillis),
          "the answer does not solve the challenge, or the challenge expired or was used; solve this one and send the placement again");
    }
    if (counters.placementsSincePassed(userId) < every) {
      return null;
    }
    return new Demand(test.issue(userId, nowMillis),
        "you placed " + every + " pixels since the last check; solve this challenge and send the placement again with it");
  }

  /** Counts a placement that went through. */
  public void placed(String userId) {
    counters.countPlacement(userId);
  }
}
