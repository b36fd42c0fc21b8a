package dev.place.shared.redis;

import dev.place.shared.session.ConnectionState;
import dev.place.shared.session.MessageLimit;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The per-connection message limit of the API Gateway path: API Gateway hands one connection's
 * messages to any execution environment, so the count lives in Redis, a fixed-window counter per
 * connection ({@code place:msgs:{<connection>}:<window>}), incremented and given its expiry in one
 * script: one round trip per message.
 */
public final class RedisMessageLimit implements MessageLimit {

  private static final RedisScript COUNT = new RedisScript("""
      local n = redis.call('INCR', KEYS[1])
      if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
      return n
      """, ScriptOutputType.INTEGER);

  private final RedisClusterCommands<String, byte[]> redis;
  private final int limit;
  private final long windowMillis;

  public RedisMessageLimit(RedisConnector connector, int limit, Duration window) {
    if (limit < 1 || window.toMillis() < 1) {
      throw new IllegalArgumentException("a message limit needs a positive count and window");
    }
    this.redis = connector.sync();
    this.limit = limit;
    this.windowMillis = window.toMillis();
  }

  static String key(String connectionId, long window) {
    return "place:msgs:{" + connectionId + "}:" + window;
  }

  @Override
  public Duration count(ConnectionState connection, long nowMillis) {
    long window = Math.floorDiv(nowMillis, windowMillis);
    // The key outlives its window by one more, so a clock a little behind Redis's still finds it.
    Long n = COUNT.run(redis, new String[] {key(connection.connectionId(), window)},
        Long.toString(windowMillis * 2).getBytes(StandardCharsets.US_ASCII));
    return n != null && n > limit ? Duration.ofMillis((window + 1) * windowMillis - nowMillis) : null;
  }
}
