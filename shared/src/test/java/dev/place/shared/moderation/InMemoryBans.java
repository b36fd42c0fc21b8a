package dev.place.shared.moderation;

import java.util.HashMap;
import java.util.Map;

/** Bans in memory, for unit tests of the code that asks them (the Redis one has an IT). */
public final class InMemoryBans implements Bans {

  private final Map<String, Ban> bans = new HashMap<>();

  @Override
  public synchronized Ban inForce(String userId, long nowMillis) {
    Ban ban = bans.get(userId);
    return ban != null && ban.inForceAt(nowMillis) ? ban : null;
  }

  @Override
  public synchronized void put(Ban ban) {
    bans.put(ban.userId(), ban);
  }

  @Override
  public synchronized Ban lift(String userId) {
    return bans.remove(userId);
  }
}
