package dev.place.shared.redis;

import dev.place.shared.connection.ConnectionDirectory;
import dev.place.shared.delivery.DeliveryPreferences;
import dev.place.shared.delivery.Encoding;
import dev.place.shared.delivery.Subscription;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which WebSocket connections exist and whose they are, sharded into buckets so that fanout
 * instances can split the connections between them (each holds leases on a share of buckets).
 * Each bucket has a version counter bumped on every change, so readers reload only what changed.
 */
public final class ConnectionRegistry implements ConnectionDirectory {

  private final RedisClusterCommands<String, byte[]> redis;
  private final int buckets;

  public ConnectionRegistry(RedisConnector connector, int buckets) {
    this.redis = connector.sync();
    this.buckets = buckets;
  }

  public int buckets() {
    return buckets;
  }

  public int bucketOf(String connectionId) {
    return Math.floorMod(connectionId.hashCode(), buckets);
  }

  @Override
  public void register(String connectionId, String userId) {
    int bucket = bucketOf(connectionId);
    redis.hset(RedisKeys.registryBucket(bucket), connectionId, userId.getBytes(StandardCharsets.UTF_8));
    redis.incr(RedisKeys.registryBucketVersion(bucket));
  }

  @Override
  public void setEncoding(String connectionId, Encoding encoding) {
    setField(RedisKeys.registryBucketEncodings(bucketOf(connectionId)), connectionId, encoding.wireName());
  }

  @Override
  public void subscribe(String connectionId, Subscription subscription) {
    setField(RedisKeys.registryBucketSubscriptions(bucketOf(connectionId)), connectionId, subscription.text());
  }

  private void setField(String hash, String connectionId, String value) {
    redis.hset(hash, connectionId, value.getBytes(StandardCharsets.UTF_8));
    redis.incr(RedisKeys.registryBucketVersion(bucketOf(connectionId)));
  }

  /** Every connection of the bucket with its preferences (the defaults for what it did not set). */
  public Map<String, DeliveryPreferences> connectionsWithPreferences(int bucket) {
    Map<String, byte[]> encodings = redis.hgetall(RedisKeys.registryBucketEncodings(bucket));
    Map<String, byte[]> subscriptions = redis.hgetall(RedisKeys.registryBucketSubscriptions(bucket));
    Map<String, DeliveryPreferences> connections = new java.util.HashMap<>();
    for (String connectionId : redis.hkeys(RedisKeys.registryBucket(bucket))) {
      byte[] encoding = encodings.get(connectionId);
      byte[] subscription = subscriptions.get(connectionId);
      connections.put(connectionId, new DeliveryPreferences(
          encoding == null ? Encoding.JSON : Encoding.parse(new String(encoding, StandardCharsets.UTF_8)),
          subscription == null ? Subscription.ALL : Subscription.parse(new String(subscription, StandardCharsets.UTF_8))));
    }
    return connections;
  }

  @Override
  public boolean unregister(String connectionId) {
    int bucket = bucketOf(connectionId);
    redis.hdel(RedisKeys.registryBucketEncodings(bucket), connectionId);
    redis.hdel(RedisKeys.registryBucketSubscriptions(bucket), connectionId);
    boolean removed = redis.hdel(RedisKeys.registryBucket(bucket), connectionId) > 0;
    if (removed) {
      redis.incr(RedisKeys.registryBucketVersion(bucket));
    }
    return removed;
  }

  @Override
  public String userOf(String connectionId) {
    byte[] user = redis.hget(RedisKeys.registryBucket(bucketOf(connectionId)), connectionId);
    return user == null ? null : new String(user, StandardCharsets.UTF_8);
  }

  /**
   * The versions of many buckets in one round trip (MGET; Lettuce's cluster client splits it by
   * slot), because the fanout service checks them every interval.
   */
  public Map<Integer, Long> versions(java.util.Collection<Integer> bucketIds) {
    List<Integer> ids = new ArrayList<>(bucketIds);
    Map<Integer, Long> versions = new java.util.HashMap<>();
    if (ids.isEmpty()) {
      return versions;
    }
    String[] keys = new String[ids.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = RedisKeys.registryBucketVersion(ids.get(i));
    }
    List<io.lettuce.core.KeyValue<String, byte[]>> values = redis.mget(keys);
    for (int i = 0; i < keys.length; i++) {
      io.lettuce.core.KeyValue<String, byte[]> v = values.get(i);
      versions.put(ids.get(i), v.hasValue() ? Long.parseLong(new String(v.getValue(), StandardCharsets.US_ASCII)) : 0L);
    }
    return versions;
  }

  public List<String> connectionsIn(int bucket) {
    return new ArrayList<>(redis.hkeys(RedisKeys.registryBucket(bucket)));
  }

  public long count() {
    long total = 0;
    for (int b = 0; b < buckets; b++) {
      total += redis.hlen(RedisKeys.registryBucket(b));
    }
    return total;
  }

  /** For tests and tools: every registered connection with its user. */
  public Map<String, String> all() {
    Map<String, String> result = new java.util.HashMap<>();
    for (int b = 0; b < buckets; b++) {
      redis.hgetall(RedisKeys.registryBucket(b)).forEach((c, u) -> result.put(c, new String(u, StandardCharsets.UTF_8)));
    }
    return result;
  }
}
