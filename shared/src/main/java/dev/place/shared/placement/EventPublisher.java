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
}
