package dev.place.shared.snapshot;

import dev.place.shared.redis.RedisConnector;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * One publisher at a time when several fanout instances could publish: a Redis lease taken with
 * {@code SET NX PX} and extended by its holder on every pass. If the holder dies, another instance
 * takes over within the lease time and its first pass republishes every painted tile.
 */
public final class SnapshotLease implements BooleanSupplier {

  public static final String KEY = "place:snapshot:lease";

  private static final String HOLD_OR_TAKE = """
      if redis.call('GET', KEYS[1]) == ARGV[1] then
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return 1
      end
      if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
        return 1
      end
      return 0
      """;

  private final RedisConnector redis;
  private final String owner;
  private final long leaseMillis;

  public SnapshotLease(RedisConnector redis, String owner, long leaseMillis) {
    this.redis = redis;
    this.owner = owner;
    this.leaseMillis = leaseMillis;
  }

  /** True if this instance holds the lease now (taking or extending it). */
  @Override
  public boolean getAsBoolean() {
    Long held = redis.sync().eval(HOLD_OR_TAKE, ScriptOutputType.INTEGER, new String[] {KEY},
        owner.getBytes(StandardCharsets.UTF_8), Long.toString(leaseMillis).getBytes(StandardCharsets.US_ASCII));
    return held != null && held == 1L;
  }
}
