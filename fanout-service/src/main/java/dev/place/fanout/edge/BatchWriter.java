package dev.place.fanout.edge;

import dev.place.shared.delivery.Backlog;
import dev.place.shared.delivery.TileRun;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Writes batches to one connection on its event loop. The fast path writes the group's shared frames;
 * a connection whose socket cannot take more (over its high water mark) or that still has a backlog
 * gets the interval's runs added to its own {@link Backlog} instead, which coalesces them. The backlog
 * goes out, encoded for that connection alone, as soon as the socket is writable again: its view stays
 * exact, only its latency stretches. A backlog is always sent before anything newer, so a tile's runs
 * reach the client in sequence order.
 */
final class BatchWriter {

  private final ServerFrames frames;
  private final EdgeCounters counters;
  private final LongSupplier clock;

  BatchWriter(ServerFrames frames, EdgeCounters counters, LongSupplier clock) {
    this.frames = frames;
    this.counters = counters;
    this.clock = clock;
  }

  /**
   * The interval for this connection; returns the shared frames written (a drained backlog counts
   * itself). Flushes nothing on the fast path: the caller flushes each channel once.
   */
  int deliver(EdgeConnection connection, Interval interval) {
    Channel channel = connection.channel;
    if (!connection.hasBacklog() && channel.isWritable()) {
      ByteBuf[] shared = interval.framesFor(connection.preferences());
      for (ByteBuf frame : shared) {
        channel.write(frame.retainedDuplicate(), channel.voidPromise());
      }
      return shared.length;
    }
    List<TileRun> runs = interval.runsFor(connection.preferences().subscription());
    if (!runs.isEmpty()) {
      connection.backlog(clock.getAsLong()).add(runs);
    }
    if (channel.isWritable()) {
      drain(connection);
    }
    return 0;
  }

  /**
   * Writes the connection's backlog, if any, as its own frames and flushes; returns the frames
   * written. Called when the socket becomes writable again, and by {@link #deliver} once it is.
   */
  int drain(EdgeConnection connection) {
    if (!connection.hasBacklog()) {
      return 0;
    }
    long now = clock.getAsLong();
    List<TileRun> runs = connection.backlog(now).drain();
    counters.maxDrainedLagMillis.accumulateAndGet(now - connection.backlogSinceMillis(), Math::max);
    connection.clearBacklog();
    counters.backlogDrains.increment();
    for (TileRun run : runs) {
      switch (run.kind()) {
        case COALESCED -> counters.coalescedRuns.increment();
        case RESYNC -> counters.resyncRuns.increment();
        case SEQUENCE -> { }
      }
    }
    Channel channel = connection.channel;
    ByteBuf[] own = frames.batch(runs, connection.preferences().encoding(), channel.alloc());
    for (ByteBuf frame : own) {
      channel.write(frame, channel.voidPromise());
    }
    channel.flush();
    counters.framesWritten.add(own.length);
    return own.length;
  }
}
