package dev.place.shared.redis;

import dev.place.shared.canvas.TileId;

/**
 * Every Redis key the system uses. Keys that a script touches together share a hash tag
 * ({@code {...}}), so a Redis Cluster keeps them in one slot and the script stays atomic.
 */
public final class RedisKeys {

  private RedisKeys() {}

  public static String tilePixels(TileId tile) {
    return "place:{tile:" + tile + "}:px";
  }

  public static String tileSeq(TileId tile) {
    return "place:{tile:" + tile + "}:seq";
  }

  /**
   * Per pixel of the tile, the low 32 bits of the sequence of its last write (BITFIELD u32 indexed
   * by pixel, 4 bytes a pixel; 0: not written since the key was introduced). What a moderation
   * restore checks so that it never overwrites a placement that raced its plan.
   */
  public static String tileLastWrite(TileId tile) {
    return "place:{tile:" + tile + "}:lastwrite";
  }

  public static String tileJournal(TileId tile) {
    return "place:{tile:" + tile + "}:journal";
  }

  public static String cooldown(String userId) {
    return "place:cooldown:{" + userId + "}";
  }

  public static String ipWindow(String ip, long window) {
    return "place:limit:ip:{" + ip + "}:" + window;
  }

  public static String globalWindow(long window) {
    return "place:limit:global:" + window;
  }

  public static String registryBucket(int bucket) {
    return "place:conns:{b" + bucket + "}";
  }

  /** Connection → the batch encoding it chose in hello, for those that chose one. */
  public static String registryBucketEncodings(int bucket) {
    return "place:conns:{b" + bucket + "}:enc";
  }

  /** Connection → the tiles it subscribed to, for those that subscribed. */
  public static String registryBucketSubscriptions(int bucket) {
    return "place:conns:{b" + bucket + "}:subs";
  }

  public static String registryBucketVersion(int bucket) {
    return "place:conns:{b" + bucket + "}:ver";
  }

  public static String fanoutLease(int bucket) {
    return "place:fanout:lease:" + bucket;
  }

  public static String fanoutMembers() {
    return "place:fanout:members";
  }

  public static String relayLease() {
    return "place:relay:lease";
  }
}
