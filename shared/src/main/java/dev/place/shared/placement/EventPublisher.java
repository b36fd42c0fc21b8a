package dev.place.shared.placement;

import dev.place.shared.canvas.TileId;
import java.time.Duration;

/** The event log (Kafka). */
public interface EventPublisher {

  /**
   * Publishes the event durably (all in-sync replicas) and waits up to {@code timeout}.
   *
   * @return true when the log acknowledged it; false when it could not in time (the journal keeps it)
   */
  boolean publish(TileId tile, String eventJson, Duration timeout);

  /**
   * As {@link #publish(TileId, String, Duration)}; when that answers false but the log acknowledges the
   * event afterwards (the producer was still retrying when the wait ended), runs {@code lateAcknowledgement}
   * once, on a thread of the publisher's, so the caller can still trim its journal entry before the relay
   * would publish it a second time. Publishers that cannot tell never run it.
   */
  default boolean publish(TileId tile, String eventJson, Duration timeout, Runnable lateAcknowledgement) {
    return publish(tile, eventJson, timeout);
  }
}
