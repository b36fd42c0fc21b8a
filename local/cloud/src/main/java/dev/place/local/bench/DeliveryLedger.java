package dev.place.local.bench;

import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * One benchmark run's accounting of (placement, watcher) pairs without an object per pair: the time
 * each measured placement was sent, by tile and sequence number, and per watcher the highest
 * sequence of each tile it has seen. A run covering sequences {@code a..b} of a tile delivers, to
 * that watcher, every measured placement above its watermark up to {@code b}; a pair is counted at
 * most once, so never-delivered = acknowledged placements × watchers − delivered pairs.
 *
 * <p>Threads: placer answers ({@link #placed}) and watcher frames ({@link #deliver}) arrive on the
 * load client's event loops. A watcher may see a sequence before the placer's {@code placed}
 * answer names it; such sightings are parked as primitive pairs and resolved in {@link #finish},
 * after every event loop has gone quiet.
 */
public final class DeliveryLedger {

  /** Parked sightings beyond this many are counted but not resolved (they would cost memory unbounded). */
  private static final int MAX_PARKED = 4_000_000;

  private final int tilesX;
  private final int tileCount;
  private volatile long[][] sentAt;
  private final AtomicIntegerArray unanswered;
  private final ThreadLocal<Tally> tallies = ThreadLocal.withInitial(this::newTally);
  private final Queue<Tally> allTallies = new ConcurrentLinkedQueue<>();
  private final Object parkLock = new Object();
  private long[] parked = new long[1024];
  private int parkedCount;
  private long parkedOverflow;
  private long acknowledged;

  public DeliveryLedger(int width, int height, int tileSize) {
    this.tilesX = (width + tileSize - 1) / tileSize;
    this.tileCount = tilesX * ((height + tileSize - 1) / tileSize);
    this.sentAt = new long[tileCount][256];
    this.unanswered = new AtomicIntegerArray(tileCount);
  }

  public int tileIndex(int tx, int ty) {
    return ty * tilesX + tx;
  }

  public int tileCount() {
    return tileCount;
  }

  /** A measured placement of this tile was sent; until its answer, sightings of the tile may be it. */
  public void sending(int tile) {
    unanswered.incrementAndGet(tile);
  }

  /** The placer's answer: the measured placement is sequence {@code seq}, its latency counted from {@code sentNanos}. */
  public void placed(int tile, long seq, long sentNanos) {
    synchronized (this) {
      long[][] all = sentAt;
      if (seq >= all[tile].length) {
        long[][] grown = all.clone();
        grown[tile] = Arrays.copyOf(all[tile], (int) Math.max(seq + 1, all[tile].length * 2L));
        sentAt = grown;
        all = grown;
      }
      all[tile][(int) seq] = Math.max(1, sentNanos);
      acknowledged++;
    }
    unanswered.decrementAndGet(tile);
  }

  /** A measured placement was refused (an error answer): it is neither expected nor pending. */
  public void refused(int tile) {
    unanswered.decrementAndGet(tile);
  }

  public synchronized long acknowledged() {
    return acknowledged;
  }

  /** One watcher's view: per tile, the highest sequence number it has received. */
  public View newView() {
    return new View(new long[tileCount]);
  }

  public static final class View {
    final long[] mine;

    View(long[] mine) {
      this.mine = mine;
    }
  }

  /** A run of sequences {@code first..last} of {@code tile} reached the watcher at {@code nowNanos}. */
  public void deliver(View view, int tile, long first, long last, boolean resync, long nowNanos) {
    long mine = view.mine[tile];
    if (last <= mine) {
      return;
    }
    Tally t = tallies.get();
    if (first > mine + 1 && mine > 0) {
      t.gaps++;
    }
    long[] times = sentAt[tile];
    for (long s = Math.max(first, mine + 1); s <= last; s++) {
      long sent = s < times.length ? times[(int) s] : 0;
      if (sent != 0) {
        if (resync) {
          t.resynced++;
        } else {
          // A frame can beat the placer's answer by a hair (answer and batch travel apart): that is 0 ms, not negative.
          t.latencies.record(Math.max(0, nowNanos - sent));
          t.delivered++;
        }
      } else if (!resync && unanswered.get(tile) > 0) {
        park(tile, s, nowNanos);
      }
    }
    view.mine[tile] = last;
  }

  /** Frame-level counts (one frame, its payload and WebSocket header bytes, the pixels it carried). */
  public void frame(int payloadBytes, int pixels) {
    Tally t = tallies.get();
    t.frames++;
    t.payloadBytes += payloadBytes;
    t.headerBytes += payloadBytes <= 125 ? 2 : payloadBytes <= 65_535 ? 4 : 10;
    t.pixels += pixels;
  }

  private void park(int tile, long seq, long nowNanos) {
    synchronized (parkLock) {
      if (parkedCount >= MAX_PARKED) {
        parkedOverflow++;
        return;
      }
      if (parkedCount * 2 + 2 > parked.length) {
        parked = Arrays.copyOf(parked, parked.length * 2);
      }
      parked[parkedCount * 2] = (long) tile << 40 | seq;
      parked[parkedCount * 2 + 1] = nowNanos;
      parkedCount++;
    }
  }

  /** Call once no more frames or answers arrive: resolves parked sightings and sums every thread. */
  public Totals finish(long watchers) {
    Totals totals = new Totals();
    synchronized (this) {
      totals.acknowledged = acknowledged;
    }
    totals.expected = totals.acknowledged * watchers;
    for (Tally t : allTallies) {
      totals.latencies.add(t.latencies);
      totals.delivered += t.delivered;
      totals.resynced += t.resynced;
      totals.gaps += t.gaps;
      totals.frames += t.frames;
      totals.payloadBytes += t.payloadBytes;
      totals.headerBytes += t.headerBytes;
      totals.pixels += t.pixels;
    }
    long[][] all = sentAt;
    synchronized (parkLock) {
      for (int i = 0; i < parkedCount; i++) {
        int tile = (int) (parked[i * 2] >>> 40);
        long seq = parked[i * 2] & ((1L << 40) - 1);
        long sent = seq < all[tile].length ? all[tile][(int) seq] : 0;
        if (sent != 0) {
          totals.latencies.record(Math.max(0, parked[i * 2 + 1] - sent));
          totals.delivered++;
        }
      }
      totals.parkedOverflow = parkedOverflow;
    }
    return totals;
  }

  private Tally newTally() {
    Tally t = new Tally();
    allTallies.add(t);
    return t;
  }

  private static final class Tally {
    final LatencyHistogram latencies = new LatencyHistogram();
    long delivered;
    long resynced;
    long gaps;
    long frames;
    long payloadBytes;
    long headerBytes;
    long pixels;
  }

  /** A run's sums. {@code expected - delivered} pairs were never delivered. */
  public static final class Totals {
    public final LatencyHistogram latencies = new LatencyHistogram();
    public long acknowledged;
    public long expected;
    public long delivered;
    public long resynced;
    public long gaps;
    public long frames;
    public long payloadBytes;
    public long headerBytes;
    public long pixels;
    public long parkedOverflow;

    public long undelivered() {
      return expected - delivered;
    }

    public double undeliveredFraction() {
      return expected == 0 ? 0 : (double) undelivered() / expected;
    }
  }
}
