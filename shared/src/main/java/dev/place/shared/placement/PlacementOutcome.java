package dev.place.shared.placement;

import dev.place.shared.event.PixelEvent;
import dev.place.shared.protocol.ErrorCode;
import java.time.Duration;

/** What became of a placement request. */
public sealed interface PlacementOutcome {

  /** Written to the canvas; {@code published} is false when the event log was late (journaled). */
  record Placed(PixelEvent event, long nextPlacementAtMillis, boolean published) implements PlacementOutcome {}

  /** Nothing changed. {@code retryAfter} is null when retrying the same request cannot help. */
  record Rejected(ErrorCode code, String message, Duration retryAfter, long retryAtMillis) implements PlacementOutcome {}
}
