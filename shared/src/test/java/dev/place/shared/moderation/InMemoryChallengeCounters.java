package dev.place.shared.moderation;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Challenge counters in memory, with {@code RedisChallengeCounters}' rules: one pass per challenge, a pass resets the count. */
public final class InMemoryChallengeCounters implements ChallengeCounters {
  private final Map<String, Long> counts = new HashMap<>();
  private final Set<String> used = new HashSet<>();

  @Override
  public synchronized long placementsSincePassed(String userId) {
    return counts.getOrDefault(userId, 0L);
  }

  @Override
  public synchronized void countPlacement(String userId) {
    counts.merge(userId, 1L, Long::sum);
  }

  @Override
  public synchronized boolean pass(String userId, String challenge, long validMillis) {
    if (!used.add(userId + "|" + challenge)) {
      return false;
    }
    counts.remove(userId);
    return true;
  }
}
