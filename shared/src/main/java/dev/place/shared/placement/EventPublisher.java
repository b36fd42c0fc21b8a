package dev.place.shared.placement;

import dev.place.shared.canvas.TileId;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

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

  /**
   * Sends the event without waiting for the log, so a caller with many events (a moderation batch) can
   * send them all and then wait once. The future completes with {@code true} when the log acknowledged
   * the event, however late (possibly on a thread of the publisher's), and with {@code false} when the
   * publisher knows the log will not have it; it never completes exceptionally, and it may stay
   * incomplete when the publisher cannot tell. Either way an event not acknowledged stays journaled.
   *
   * <p>The default publishes one by one on the caller's thread, waiting up to {@code timeout}, and
   * completes a late acknowledgement when the publisher reports one; a publisher that can send
   * asynchronously overrides it, and settles each event within its own delivery timeout.
   */
  default CompletableFuture<Boolean> send(TileId tile, String eventJson, Duration timeout) {
    CompletableFuture<Boolean> acknowledged = new CompletableFuture<>();
    if (publish(tile, eventJson, timeout, () -> acknowledged.complete(true))) {
      acknowledged.complete(true);
    }
    return acknowledged;
  }
}
