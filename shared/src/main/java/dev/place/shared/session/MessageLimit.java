package dev.place.shared.session;

import java.time.Duration;

/**
 * How many messages one connection may send per window, whatever they are (place, hello, subscribe,
 * ping, garbage): a flood costs the server a parse and a Redis call each, so it is cut off before
 * either. The API Gateway path counts in Redis (one connection's messages reach any execution
 * environment: {@code dev.place.shared.redis.RedisMessageLimit}); the edge counts in memory, per socket
 * ({@link LocalMessageLimit}). A refused message changes nothing.
 */
@FunctionalInterface
public interface MessageLimit {

  /** Counts one message of the connection; null when it is within the limit, else how long until the window ends. */
  Duration count(ConnectionState connection, long nowMillis);

  /** No limit (PLACE_CONNECTION_MESSAGE_LIMIT=0, and tests of other things). */
  MessageLimit OFF = (connection, nowMillis) -> null;
}
