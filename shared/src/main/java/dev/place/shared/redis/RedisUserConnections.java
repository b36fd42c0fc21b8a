package dev.place.shared.redis;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The API Gateway connections of each user ({@code place:auth:conns:{<user>}}, a set), so that signing
 * out can unregister them at once: a connection no longer in the registry gets no updates and its
 * placements are answered UNAUTHORIZED, with nothing added to the place path. The set expires a
 * connection's longest life (2 h) after its last change, so one missed {@code $disconnect} costs nothing for long.
 */
public final class RedisUserConnections {

  private static final Duration KEEP = Duration.ofHours(2);

  private final RedisClusterCommands<String, byte[]> redis;

  public RedisUserConnections(RedisConnector connector) {
    this.redis = connector.sync();
  }

  static String key(String userId) {
    return "place:auth:conns:{" + userId + "}";
  }

  public void add(String userId, String connectionId) {
    redis.sadd(key(userId), connectionId.getBytes(StandardCharsets.UTF_8));
    redis.pexpire(key(userId), KEEP.toMillis());
  }

  public void remove(String userId, String connectionId) {
    redis.srem(key(userId), connectionId.getBytes(StandardCharsets.UTF_8));
  }

  /** The user's connections, forgetting them. */
  public List<String> takeAll(String userId) {
    List<String> ids = new ArrayList<>();
    for (byte[] id : redis.smembers(key(userId))) {
      ids.add(new String(id, StandardCharsets.UTF_8));
    }
    redis.del(key(userId));
    return ids;
  }
}
