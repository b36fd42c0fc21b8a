package dev.place.shared.redis;

import dev.place.shared.placement.RateLimits;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fixed-window counters: per source address per minute and for the whole canvas per second. Both
 * counters are sent together (one round trip); each is created with its expiry in one script.
 */
public final class RedisRateLimits implements RateLimits {

  private static final String COUNT_SOURCE = """
      local n = redis.call('INCR', KEYS[1])
      if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
      return n
      """;
  private static final long IP_WINDOW_MS = 60_000;
  private static final long GLOBAL_WINDOW_MS = 1_000;

  private final RedisClusterAsyncCommands<String, byte[]> redis;
  private final int perIpPerMinute;
  private final int globalPerSecond;
  private final Duration timeout;

  public RedisRateLimits(RedisConnector connector, int perIpPerMinute, int globalPerSecond, Duration timeout) {
    this.redis = connector.async();
    this.perIpPerMinute = perIpPerMinute;
    this.globalPerSecond = globalPerSecond;
    this.timeout = timeout;
  }

  @Override
  public Exceeded count(String sourceIp, long nowMillis) {
    long ipWindow = nowMillis / IP_WINDOW_MS;
    long globalWindow = nowMillis / GLOBAL_WINDOW_MS;
    RedisFuture<Long> ip = increment(RedisKeys.ipWindow(sourceIp, ipWindow), IP_WINDOW_MS);
    RedisFuture<Long> global = increment(RedisKeys.globalWindow(globalWindow), GLOBAL_WINDOW_MS * 2);
    if (await(ip) > perIpPerMinute) {
      return new Exceeded(Scope.SOURCE_IP, Duration.ofMillis((ipWindow + 1) * IP_WINDOW_MS - nowMillis));
    }
    if (await(global) > globalPerSecond) {
      return new Exceeded(Scope.GLOBAL, Duration.ofMillis((globalWindow + 1) * GLOBAL_WINDOW_MS - nowMillis));
    }
    return null;
  }

  private RedisFuture<Long> increment(String key, long ttlMillis) {
    byte[] ttl = Long.toString(ttlMillis).getBytes(StandardCharsets.US_ASCII);
    // EVAL rather than EVALSHA: two tiny pipelined calls; a NOSCRIPT retry would cost a round trip.
    return redis.eval(COUNT_SOURCE, ScriptOutputType.INTEGER, new String[] {key}, ttl);
  }

  private long await(RedisFuture<Long> future) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while counting", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("rate limit counters unavailable: " + e.getMessage(), e);
    }
  }
}
