package dev.place.shared.redis;

import dev.place.shared.delivery.FanoutStatus;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every fanout instance's last {@link FanoutStatus}, one field each of the hash {@value #KEY}. An
 * instance reports once a second; each report also removes fields silent for an hour (instances
 * that are gone), so the hash stays as small as the fleet.
 */
public final class RedisFanoutStatusBoard {

  static final String KEY = "place:fanout:status";
  private static final long FORGET_AFTER_MILLIS = 3_600_000;

  private final RedisClusterCommands<String, byte[]> redis;

  public RedisFanoutStatusBoard(RedisConnector connector) {
    this.redis = connector.sync();
  }

  public void report(FanoutStatus status) {
    redis.hset(KEY, status.instanceId(), status.encode().getBytes(StandardCharsets.US_ASCII));
    for (FanoutStatus other : all()) {
      if (other.reportedAtMillis() < status.reportedAtMillis() - FORGET_AFTER_MILLIS) {
        redis.hdel(KEY, other.instanceId());
      }
    }
  }

  /** The reports of instances heard from within {@link FanoutStatus#FRESH_MILLIS} of {@code nowMillis}. */
  public List<FanoutStatus> fresh(long nowMillis) {
    List<FanoutStatus> fresh = new ArrayList<>();
    for (FanoutStatus s : all()) {
      if (s.reportedAtMillis() >= nowMillis - FanoutStatus.FRESH_MILLIS) {
        fresh.add(s);
      }
    }
    return fresh;
  }

  private List<FanoutStatus> all() {
    List<FanoutStatus> all = new ArrayList<>();
    for (Map.Entry<String, byte[]> field : redis.hgetall(KEY).entrySet()) {
      try {
        all.add(FanoutStatus.decode(field.getKey(), new String(field.getValue(), StandardCharsets.US_ASCII)));
      } catch (RuntimeException malformed) {
        redis.hdel(KEY, field.getKey());
      }
    }
    return all;
  }
}
