package dev.place.shared.redis;

import static dev.place.shared.redis.RedisScript.utf8;

import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * Splits the connection registry's buckets between fanout instances, fenced. Each instance
 * heartbeats into a member set, aims for {@code ceil(buckets / live members)} buckets, and holds
 * each with a lease that expires unless renewed, so a dead instance's buckets pass to the others
 * within one lease plus one rebalance.
 *
 * <p><b>Fencing.</b> Every acquisition increments the bucket's epoch ({@code INCR}, persistent), and
 * the lease's value is {@code instance:epoch}; renewal succeeds only for that exact value, so an
 * instance whose lease expired and was taken can never renew it back. Between renewals the holder
 * trusts its lease until {@code start of the last successful renewal + lease - safety margin} on
 * the monotonic clock ({@link LeaseFence}): a process stalled (SIGSTOP, a long GC pause) past that
 * instant finds its clock beyond the window when it resumes and sends nothing for the bucket until
 * a renewal succeeds again. The margin is at least the longest a send can take, so the old holder's
 * last message has arrived before the lease can expire in Redis and the next holder begins; giving
 * a bucket back shortens its lease to that margin rather than deleting it, for the same reason.
 *
 * <p><b>Handover.</b> Two records, both opaque here (the fanout's per-tile position of its
 * connections). Giving a bucket back records the holder's <i>cut</i> on the bucket (fenced like the
 * renewal, kept 2 minutes). An instance that stalls or dies gives nothing back, so every holder also
 * records its <i>position</i> ({@link #recordPosition}) before each interval's sends, under its own
 * key, and each bucket remembers its last holder. Acquiring a bucket returns the cut its last holder
 * left, or else that holder's last position, so the new holder continues where the old one was
 * (docs/architecture.md, Fanout handover). A cut is consumed by the acquisition that reads it.
 */
public final class BucketLeases {

  /**
   * KEYS: lease, epoch, cut, holder. ARGV: instance, lease ms. Returns {epoch or 0, the cut the last
   * holder left or '', the last holder or ''}; the cut is consumed, the holder becomes this instance.
   */
  private static final RedisScript ACQUIRE = new RedisScript("""
      if redis.call('EXISTS', KEYS[1]) == 1 then return {0, '', ''} end
      local epoch = redis.call('INCR', KEYS[2])
      redis.call('SET', KEYS[1], ARGV[1] .. ':' .. epoch, 'PX', ARGV[2])
      local cut = redis.call('GET', KEYS[3]) or ''
      redis.call('DEL', KEYS[3])
      local holder = redis.call('GET', KEYS[4]) or ''
      redis.call('SET', KEYS[4], ARGV[1], 'PX', 120000)
      return {epoch, cut, holder}
      """, ScriptOutputType.MULTI);
  /** KEYS: lease, holder. Renews only for the exact instance:epoch; the holder is kept as long. */
  private static final RedisScript RENEW_IF_MINE = new RedisScript("""
      if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
      redis.call('PEXPIRE', KEYS[2], 120000)
      return redis.call('PEXPIRE', KEYS[1], ARGV[2])
      """, ScriptOutputType.INTEGER);
  /** Records the cut and keeps the lease for the safety margin more: a send started just before may still be on its way. */
  private static final RedisScript RELEASE_IF_MINE = new RedisScript("""
      if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
      redis.call('SET', KEYS[2], ARGV[3], 'PX', 120000)
      return redis.call('PEXPIRE', KEYS[1], ARGV[2])
      """, ScriptOutputType.INTEGER);

  /**
   * A bucket this instance took since the last {@link #takeAcquired()}, with where its last holder
   * left it: the cut it gave the bucket back with, else its last recorded position (empty if none).
   */
  public record Acquired(int bucket, long epoch, byte[] previousCut) {}

  /** The production namespace of the keys. */
  public static final String PREFIX = "place:fanout";

  private final RedisClusterCommands<String, byte[]> redis;
  private final String prefix;
  private final String instanceId;
  private final int buckets;
  private final long leaseMillis;
  private final long safetyMarginMillis;
  private final LongSupplier nanoClock;
  /** bucket → epoch held. */
  private final TreeMap<Integer, Long> held = new TreeMap<>();
  private final Map<Integer, Long> validUntilNanos = new HashMap<>();
  private final List<Acquired> acquired = new ArrayList<>();
  private volatile LeaseFence fence = LeaseFence.NONE;

  /**
   * @param safetyMarginMillis how long before the lease's expiry in Redis this instance stops
   *     sending: at least the longest a send can take (the post timeout)
   */
  public BucketLeases(RedisConnector connector, String instanceId, int buckets, long leaseMillis,
      long safetyMarginMillis, LongSupplier nanoClock) {
    this(connector, PREFIX, instanceId, buckets, leaseMillis, safetyMarginMillis, nanoClock);
  }

  /**
   * @param keyPrefix the keys' namespace: {@code place:fanout} in production; tests that share a
   *     Redis with a running fanout use their own
   */
  public BucketLeases(RedisConnector connector, String keyPrefix, String instanceId, int buckets, long leaseMillis,
      long safetyMarginMillis, LongSupplier nanoClock) {
    if (safetyMarginMillis >= leaseMillis) {
      throw new IllegalArgumentException("the safety margin must be shorter than the lease");
    }
    this.redis = connector.sync();
    this.prefix = keyPrefix;
    if (safetyMarginMillis >= leaseMillis) {
      throw new IllegalArgumentException("the safety margin must be shorter than the lease");
    }
    this.instanceId = instanceId;
    this.buckets = buckets;
    this.leaseMillis = leaseMillis;
    this.safetyMarginMillis = safetyMarginMillis;
    this.nanoClock = nanoClock;
  }

  /** The bucket's lease key; its value is {@code instance:epoch} while held. */
  public static String leaseKey(int bucket) {
    return leaseKey(PREFIX, bucket);
  }

  /** The same in another namespace (see the constructor). */
  public static String leaseKey(String prefix, int bucket) {
    return prefix + ":{b" + bucket + "}:lease";
  }

  /** The bucket's epoch counter: incremented by every acquisition, never reset. */
  public static String epochKey(String prefix, int bucket) {
    return prefix + ":{b" + bucket + "}:epoch";
  }

  static String cutKey(String prefix, int bucket) {
    return prefix + ":{b" + bucket + "}:cut";
  }

  /** The bucket's last holder, kept 2 minutes past its lease. */
  static String holderKey(String prefix, int bucket) {
    return prefix + ":{b" + bucket + "}:holder";
  }

  /** An instance's last recorded position, kept 2 minutes. */
  static String positionKey(String prefix, String instanceId) {
    return prefix + ":position:{" + instanceId + "}";
  }

  private String leaseKeyOf(int bucket) {
    return leaseKey(prefix, bucket);
  }

  private String cutKeyOf(int bucket) {
    return cutKey(prefix, bucket);
  }

  private String membersKey() {
    // The production name predates the prefix.
    return prefix.equals(PREFIX) ? RedisKeys.fanoutMembers() : prefix + ":members";
  }

  /**
   * Heartbeats, renews, then takes or gives back buckets towards a fair share. Returns what is held.
   *
   * @param cut recorded with every bucket given back (fenced like the renewal): where the next holder
   *     of the bucket starts
   */
  public Set<Integer> rebalance(long nowMillis, byte[] cut) {
    return rebalance(nowMillis, bucket -> cut);
  }

  /** The same with each bucket's own cut, asked for only when the bucket is given back. */
  public synchronized Set<Integer> rebalance(long nowMillis, IntFunction<byte[]> cutFor) {
    String members = membersKey();
    redis.zadd(members, nowMillis, utf8(instanceId));
    redis.zremrangebyscore(members, Range.create(Double.NEGATIVE_INFINITY, nowMillis - leaseMillis));
    long live = Math.max(1, redis.zcard(members));
    int share = (int) ((buckets + live - 1) / live);

    for (var it = held.entrySet().iterator(); it.hasNext(); ) {
      var lease = it.next();
      long sentAt = nanoClock.getAsLong();
      long renewed = RENEW_IF_MINE.run(redis, new String[] {leaseKeyOf(lease.getKey()), holderKey(prefix, lease.getKey())},
          utf8(instanceId + ":" + lease.getValue()), utf8(leaseMillis));
      if (renewed == 0) {
        it.remove();
        validUntilNanos.remove(lease.getKey());
      } else {
        validUntilNanos.put(lease.getKey(), validUntil(sentAt));
      }
    }
    if (held.size() < share) {
      List<Integer> candidates = new ArrayList<>();
      for (int b = 0; b < buckets; b++) {
        if (!held.containsKey(b)) {
          candidates.add(b);
        }
      }
      // Start at a different place per instance so that newcomers do not all race for bucket 0.
      Collections.rotate(candidates, Math.floorMod(instanceId.hashCode(), Math.max(1, candidates.size())));
      for (int b : candidates) {
        if (held.size() >= share) {
          break;
        }
        long sentAt = nanoClock.getAsLong();
        List<Object> answer = ACQUIRE.run(redis,
            new String[] {leaseKeyOf(b), epochKey(prefix, b), cutKeyOf(b), holderKey(prefix, b)},
            utf8(instanceId), utf8(leaseMillis));
        long epoch = (Long) answer.get(0);
        if (epoch > 0) {
          held.put(b, epoch);
          validUntilNanos.put(b, validUntil(sentAt));
          acquired.add(new Acquired(b, epoch, whereLeft((byte[]) answer.get(1), (byte[]) answer.get(2))));
        }
      }
    }
    while (held.size() > share) {
      int bucket = held.lastKey();
      release(bucket, cutFor.apply(bucket));
    }
    publishFence();
    return Set.copyOf(held.keySet());
  }

  /** The cut the last holder gave the bucket back with, else the last position it recorded. */
  private byte[] whereLeft(byte[] cut, byte[] holder) {
    if (cut != null && cut.length > 0) {
      return cut;
    }
    if (holder == null || holder.length == 0) {
      return new byte[0];
    }
    byte[] position = redis.get(positionKey(prefix, new String(holder, StandardCharsets.UTF_8)));
    return position == null ? new byte[0] : position;
  }

  /**
   * Records where this instance's connections stand, before it sends an interval: the next holder of
   * any of its buckets starts there if this one stops without giving them back. Not fenced: only this
   * instance writes it, and a position past what it may send is harmless (see the fanout's cut).
   */
  public void recordPosition(byte[] position) {
    redis.set(positionKey(prefix, instanceId), position, SetArgs.Builder.px(120_000));
  }

  /** The buckets taken since the last call, for the caller to hand their connections over. */
  public synchronized List<Acquired> takeAcquired() {
    List<Acquired> out = List.copyOf(acquired);
    acquired.clear();
    return out;
  }

  /** What this instance may send to now; a snapshot replaced by every rebalance, cheap to read. */
  public LeaseFence fence() {
    return fence;
  }

  /** Gives every bucket back at shutdown, so the others take them at once rather than after expiry. */
  public synchronized void releaseAll(IntFunction<byte[]> cutFor) {
    for (int b : List.copyOf(held.keySet())) {
      release(b, cutFor.apply(b));
    }
    publishFence();
    redis.zrem(membersKey(), utf8(instanceId));
  }

  private void release(int bucket, byte[] cut) {
    // Stop trusting the lease first: no send may start once it is being given away.
    Long epoch = held.remove(bucket);
    validUntilNanos.remove(bucket);
    publishFence();
    RELEASE_IF_MINE.run(redis, new String[] {leaseKeyOf(bucket), cutKeyOf(bucket)}, utf8(instanceId + ":" + epoch),
        utf8(Math.max(1, safetyMarginMillis)), cut);
  }

  private long validUntil(long sentAtNanos) {
    return sentAtNanos + (leaseMillis - safetyMarginMillis) * 1_000_000L;
  }

  private void publishFence() {
    fence = new LeaseFence(Map.copyOf(held), Map.copyOf(validUntilNanos), nanoClock);
  }
}
