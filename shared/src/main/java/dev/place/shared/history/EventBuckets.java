package dev.place.shared.history;

/**
 * The bucket of the partition key of {@code pixel_events_by_day_v2}: {@code (day, tile, bucket)}
 * with {@code bucket = seq mod 64}. A tile's consecutive events go round-robin to 64 partitions,
 * so a tile that takes every placement of a 35,000/s peak writes 547 rows/s per partition,
 * under Keyspaces' 1,000 WCU/s per partition (docs/scale.md, Keyspaces). Derived from the event
 * alone, so a replayed event lands on the same row; readers of a tile query every bucket.
 */
public final class EventBuckets {

  /** Changing this moves rows: it is part of the stored layout (a new table version, not a setting). */
  public static final int COUNT = 64;

  private EventBuckets() {}

  /** The bucket of the event with tile sequence {@code seq} (seq ≥ 1; 0 for seq 0 too). */
  public static int of(long seq) {
    return (int) Math.floorMod(seq, (long) COUNT);
  }
}
