package dev.place.fanout;

import dev.place.shared.delivery.TileRun;
import java.util.List;

/**
 * One way the fanout reaches clients (API Gateway's PostToConnection, the edge's own sockets). Each
 * interval the service makes the interval's runs once and hands the same list to every sink; a sink
 * chooses per connection what to send of it and must not block the interval's thread for long.
 */
public interface BatchSink {

  /** The interval's runs, per tile in sequence order; never empty. The list and runs are not to be modified. */
  void deliver(List<TileRun> runs);

  /** A message every connection gets once, in order with its batches (e.g. {@code resize}). */
  void broadcast(String message);
}
