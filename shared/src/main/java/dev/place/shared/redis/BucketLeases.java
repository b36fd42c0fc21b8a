package dev.place.shared.redis;

import static dev.place.shared.redis.RedisScript.utf8;

import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Splits the connection registry's buckets between fanout instances. Each instance heartbeats into
 * a member set, aims for {@code ceil(buckets / live members)} buckets, and holds each with a lease
 * that expires unless renewed, so a dead instance's buckets pass to the others within one lease.
 * A bucket has at most one holder at a time, so each connection gets each batch once.
 */
public final class BucketLeases {

  private static final RedisScript RENEW_IF_MINE = new RedisScript("""
      if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
      return 0
      """, ScriptOutputType.INTEGER);
  private static final RedisScript RELEASE_IF_MINE = new RedisScript("""
      if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
      return 0
      """, ScriptOutputType.INTEGER);

  private final RedisClusterCommands<String, byte[]> redis;
  private final String instanceId;
  private final int buckets;
  private final long leaseMillis;
  private final Set<Integer> held = new TreeSet<>();

  public BucketLeases(RedisConnector connector, String instanceId, int buckets, long leaseMillis) {
    this.redis = connector.sync();
    this.instanceId = instanceId;
    this.buckets = buckets;
    this.leaseMillis = leaseMillis;
  }

  /** Heartbeats, renews, then takes or gives back buckets towards a fair share. Returns what is held. */
  public synchronized Set<Integer> rebalance(long nowMillis) {
    String members = RedisKeys.fanoutMembers();
    redis.zadd(members, nowMillis, utf8(instanceId));
    redis.zremrangebyscore(members, Range.create(Double.NEGATIVE_INFINITY, nowMillis - leaseMillis));
    long live = Math.max(1, redis.zcard(members));
    int share = (int) ((buckets + live - 1) / live);

    held.removeIf(b -> ((Long) RENEW_IF_MINE.run(redis, new String[] {RedisKeys.fanoutLease(b)},
        utf8(instanceId), utf8(leaseMillis))) == 0);
    if (held.size() < share) {
      List<Integer> candidates = new ArrayList<>();
      for (int b = 0; b < buckets; b++) {
        if (!held.contains(b)) {
          candidates.add(b);
        }
      }
      // Start at a different place per instance so that newcomers do not all race for bucket 0.
      Collections.rotate(candidates, Math.floorMod(instanceId.hashCode(), Math.max(1, candidates.size())));
      for (int b : candidates) {
        if (held.size() >= share) {
          break;
        }
        String ok = redis.set(RedisKeys.fanoutLease(b), utf8(instanceId), SetArgs.Builder.nx().px(leaseMillis));
        if ("OK".equals(ok)) {
          held.add(b);
        }
      }
    }
    while (held.size() > share) {
      int b = ((TreeSet<Integer>) held).last();
      RELEASE_IF_MINE.run(redis, new String[] {RedisKeys.fanoutLease(b)}, utf8(instanceId));
      held.remove(b);
    }
    return Set.copyOf(held);
  }

  /** Gives every bucket back at shutdown, so the others take them at once rather than after expiry. */
  public synchronized void releaseAll() {
    for (int b : held) {
      RELEASE_IF_MINE.run(redis, new String[] {RedisKeys.fanoutLease(b)}, utf8(instanceId));
    }
    held.clear();
    redis.zrem(RedisKeys.fanoutMembers(), utf8(instanceId));
  }
}
