package dev.place.fanout.edge;

import dev.place.shared.delivery.DeliveryPreferences;
import dev.place.shared.delivery.Subscription;
import dev.place.shared.delivery.TileRun;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One fanout interval's runs as every event loop of the edge sees them: the frames of each distinct
 * {@link DeliveryPreferences} group, encoded once by whichever loop first needs them, and the runs each
 * subscription wants (for backlogs). The frames are released when the last loop is done with the
 * interval; what a loop wrote holds its own reference.
 */
final class Interval {

  private final List<TileRun> runs;
  private final ServerFrames frames;
  private final ByteBufAllocator alloc;
  private final AtomicInteger loopsLeft;
  private final ConcurrentHashMap<DeliveryPreferences, ByteBuf[]> encoded = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Subscription, List<TileRun>> filtered = new ConcurrentHashMap<>();
  private final AtomicInteger encodings = new AtomicInteger();

  Interval(List<TileRun> runs, ServerFrames frames, ByteBufAllocator alloc, int loops) {
    this.runs = List.copyOf(runs);
    this.frames = frames;
    this.alloc = alloc;
    this.loopsLeft = new AtomicInteger(loops);
  }

  /** The group's frames; empty when none of the runs is subscribed. Valid until the loop is {@link #done()}. */
  ByteBuf[] framesFor(DeliveryPreferences preferences) {
    ByteBuf[] cached = encoded.get(preferences);
    if (cached != null) {
      return cached;
    }
    return encoded.computeIfAbsent(preferences, p -> {
      encodings.incrementAndGet();
      return frames.batch(runsFor(p.subscription()), p.encoding(), alloc);
    });
  }

  /** The runs of the subscribed tiles, in the interval's order. */
  List<TileRun> runsFor(Subscription subscription) {
    if (subscription.isAll()) {
      return runs;
    }
    return filtered.computeIfAbsent(subscription, s -> {
      List<TileRun> wanted = new ArrayList<>();
      for (TileRun run : runs) {
        if (s.wants(run.tile())) {
          wanted.add(run);
        }
      }
      return wanted;
    });
  }

  /** How many groups were encoded: one per distinct preferences that had a connection. */
  int encodings() {
    return encodings.get();
  }

  /** One loop has written everything it will; the last one releases the frames. */
  void done() {
    if (loopsLeft.decrementAndGet() == 0) {
      encoded.values().forEach(ServerFrames::releaseAll);
      encoded.clear();
    }
  }
}
