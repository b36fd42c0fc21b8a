package dev.place.shared.redis;

import dev.place.shared.auth.SessionRevocations;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code place:auth:revoked:{<user>}} = the epoch ms before which the user's sessions are revoked.
 * It expires when every session it could cancel has expired (the token lifetime) and every connection
 * opened with one has closed (API Gateway's 2 h), so it costs nothing for ever.
 */
public final class RedisSessionRevocations implements SessionRevocations {

  private static final Duration LONGEST_CONNECTION = Duration.ofHours(2);

  private final RedisClusterCommands<String, byte[]> redis;
  private final Duration keep;

  public RedisSessionRevocations(RedisConnector connector, Duration tokenTtl) {
    this.redis = connector.sync();
    this.keep = tokenTtl.plus(LONGEST_CONNECTION);
  }

  static String key(String userId) {
    return "place:auth:revoked:{" + userId + "}";
  }

  @Override
  public void revokeAll(String userId, long atMillis) {
    // A later revocation only moves the moment forward; concurrent ones keep the latest (GT needs 7.0, so a script).
    redis.eval("""
        local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
        if tonumber(ARGV[1]) > cur then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
        return 1
        """, io.lettuce.core.ScriptOutputType.INTEGER, new String[] {key(userId)},
        Long.toString(atMillis).getBytes(StandardCharsets.US_ASCII),
        Long.toString(keep.toMillis()).getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public long revokedBefore(String userId) {
    byte[] value = redis.get(key(userId));
    return value == null ? 0 : Long.parseLong(new String(value, StandardCharsets.US_ASCII));
  }
}
