package dev.place.shared.redis;

import dev.place.shared.moderation.ChallengeCounters;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Challenge counters in Redis, hash-tagged per user like the user's other keys:
 * {@code place:challenge:{<user>}} counts placements since the last passed challenge (forgotten a day
 * after the last placement), {@code place:challenge-used:{<user>}:<hash>} remembers a used challenge
 * until it would have expired anyway.
 */
public final class RedisChallengeCounters implements ChallengeCounters {

  private static final long COUNT_TTL_MILLIS = 86_400_000;
  private static final RedisScript COUNT = new RedisScript("""
      local n = redis.call('INCR', KEYS[1])
      redis.call('PEXPIRE', KEYS[1], ARGV[1])
      return n
      """, ScriptOutputType.INTEGER);
  // Used once and the count reset in one step: two racing placements cannot both pass on one answer.
  private static final RedisScript PASS = new RedisScript("""
      if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then
        redis.call('DEL', KEYS[2])
        return 1
      end
      return 0
      """, ScriptOutputType.INTEGER);

  private final RedisClusterCommands<String, byte[]> redis;

  public RedisChallengeCounters(RedisConnector connector) {
    this.redis = connector.sync();
  }

  static String countKey(String userId) {
    return "place:challenge:{" + userId + "}";
  }

  static String usedKey(String userId, String challenge) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(challenge.getBytes(StandardCharsets.UTF_8));
      return "place:challenge-used:{" + userId + "}:" + HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  @Override
  public long placementsSincePassed(String userId) {
    byte[] value = redis.get(countKey(userId));
    return value == null ? 0 : Long.parseLong(new String(value, StandardCharsets.US_ASCII));
  }

  @Override
  public void countPlacement(String userId) {
    COUNT.run(redis, new String[] {countKey(userId)}, RedisScript.utf8(COUNT_TTL_MILLIS));
  }

  @Override
  public boolean pass(String userId, String challenge, long validMillis) {
    Long passed = PASS.run(redis, new String[] {usedKey(userId, challenge), countKey(userId)},
        RedisScript.utf8(Math.max(1, validMillis)));
    return passed != null && passed == 1;
  }
}
