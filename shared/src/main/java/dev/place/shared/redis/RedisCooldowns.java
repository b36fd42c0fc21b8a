package dev.place.shared.redis;

import static dev.place.shared.redis.RedisScript.utf8;

import dev.place.shared.placement.Cooldowns;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;

/** Cooldowns as {@code SET NX PX}: the key's existence is the window, its value the claim. */
public final class RedisCooldowns implements Cooldowns {

  private static final RedisScript DELETE_IF_MINE = new RedisScript("""
      if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
      return 0
      """, ScriptOutputType.INTEGER);

  private final RedisClusterCommands<String, byte[]> redis;

  public RedisCooldowns(RedisConnector connector) {
    this.redis = connector.sync();
  }

  @Override
  public Duration claim(String userId, String claimId, Duration cooldown) {
    String key = RedisKeys.cooldown(userId);
    String ok = redis.set(key, utf8(claimId), SetArgs.Builder.nx().px(cooldown.toMillis()));
    if ("OK".equals(ok)) {
      return Duration.ZERO;
    }
    long pttl = redis.pttl(key);
    // The window may end between SET and PTTL (-2); a 1 ms wait keeps the answer "not claimed".
    return Duration.ofMillis(Math.max(1, pttl));
  }

  @Override
  public void refund(String userId, String claimId) {
    DELETE_IF_MINE.run(redis, new String[] {RedisKeys.cooldown(userId)}, utf8(claimId));
  }

  @Override
  public Duration remaining(String userId) {
    long pttl = redis.pttl(RedisKeys.cooldown(userId));
    return pttl > 0 ? Duration.ofMillis(pttl) : Duration.ZERO;
  }
}
