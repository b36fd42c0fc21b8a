package dev.place.shared.redis;

import dev.place.shared.auth.GuestSessionLimit;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Guest sessions per source address in fixed one-hour windows ({@code place:limit:guest:{<ip>}:<hour>}),
 * counted and given their expiry in one script, like the placement limits ({@link RedisRateLimits}).
 */
public final class RedisGuestSessionLimit implements GuestSessionLimit {

  private static final String COUNT = """
      local n = redis.call('INCR', KEYS[1])
      if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
      return n
      """;
  private static final long WINDOW_MS = 3_600_000;

  private final RedisClusterCommands<String, byte[]> redis;
  private final int perHour;

  public RedisGuestSessionLimit(RedisConnector connector, int perHour) {
    this.redis = connector.sync();
    this.perHour = perHour;
  }

  static String key(String sourceIp, long window) {
    return "place:limit:guest:{" + sourceIp + "}:" + window;
  }

  @Override
  public Duration tryMint(String sourceIp, long nowMillis) {
    long window = nowMillis / WINDOW_MS;
    Long count = redis.eval(COUNT, ScriptOutputType.INTEGER, new String[] {key(sourceIp, window)},
        Long.toString(WINDOW_MS).getBytes(StandardCharsets.US_ASCII));
    return count <= perHour ? Duration.ZERO : Duration.ofMillis((window + 1) * WINDOW_MS - nowMillis);
  }
}
