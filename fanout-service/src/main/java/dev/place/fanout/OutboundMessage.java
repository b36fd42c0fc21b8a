package dev.place.fanout;

import dev.place.shared.delivery.TileRun;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;

/**
 * What a connection is sent in one go: one or more PostToConnection payloads, in order, and the runs
 * they carry, kept beside them so that a failed send puts exactly those runs back into the
 * connection's backlog. Immutable, so the interval's shared message is one instance for all.
 *
 * @param queuedAt when the oldest update it carries was ready to send, for the lag metric
 */
record OutboundMessage(List<SdkBytes> parts, List<TileRun> runs, long queuedAt) {

  /** A message that carries no runs (e.g. {@code resize}): nothing to put back but itself. */
  static OutboundMessage control(String text, long queuedAt) {
    return new OutboundMessage(List.of(SdkBytes.fromUtf8String(text)), List.of(), queuedAt);
  }
}
