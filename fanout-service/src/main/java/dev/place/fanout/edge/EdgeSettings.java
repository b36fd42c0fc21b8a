package dev.place.fanout.edge;

import dev.place.shared.config.PlaceConfig;
import java.time.Duration;

/**
 * How the edge listens and how it treats its sockets.
 *
 * @param host the address to bind: loopback locally, every interface ({@code 0.0.0.0}) in a container
 * @param port the port to bind; 0 lets the OS choose (tests), {@link EdgeServer#port()} says which
 * @param maxFrameBytes a client frame larger than this closes the connection with 1009 (API Gateway: 32 KB)
 * @param maxMessageBytes a client message (its frames together) larger than this closes with 1009 (128 KB)
 * @param maxBatchBytes the largest batch message the edge writes; a busy interval is split (120 KB, as
 *     through API Gateway, so both modes cut the same messages)
 * @param idleTimeout a connection the client sent nothing on (pongs included) for this long is closed with
 *     1001 (API Gateway: 10 min)
 * @param pingInterval after this long without a client frame the edge pings: a live browser answers with a
 *     pong (which counts as traffic), a dead peer stays silent and meets the idle timeout; the pings also
 *     keep the load balancer's idle timer from cutting quiet connections
 * @param answerThreads threads that run {@code ClientRequests.answer} (Redis and Kafka calls), off the event
 *     loops
 * @param maxPendingRequests a connection with this many unanswered requests is not read until one is
 *     answered (TCP back-pressure, nothing is dropped)
 * @param writeBufferLowBytes a socket that became unwritable is writable again below this many queued bytes
 * @param writeBufferHighBytes a socket with more than this queued is unwritable: its batches go to its backlog
 * @param trustForwardedFor take the client address from the last {@code X-Forwarded-For} entry (the one an
 *     Application Load Balancer appends) instead of the TCP peer; only behind such a proxy
 */
public record EdgeSettings(
    String host,
    int port,
    int maxFrameBytes,
    int maxMessageBytes,
    int maxBatchBytes,
    Duration idleTimeout,
    Duration pingInterval,
    int answerThreads,
    int maxPendingRequests,
    int writeBufferLowBytes,
    int writeBufferHighBytes,
    boolean trustForwardedFor) {

  public static final int DEFAULT_MAX_FRAME_BYTES = 32 * 1024;
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 128 * 1024;
  public static final int DEFAULT_MAX_BATCH_BYTES = 120 * 1024;
  /**
   * Answering waits on Redis and Kafka, so 4 threads held the edge near 60 placements/s on the delivery
   * benchmark's floor (docs/benchmarks.md); each connection still has at most one request answering.
   */
  public static final int DEFAULT_ANSWER_THREADS = 64;

  public EdgeSettings {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
    }
    if (maxFrameBytes < 1 || maxMessageBytes < maxFrameBytes) {
      throw new IllegalArgumentException("need 0 < maxFrameBytes <= maxMessageBytes");
    }
    if (maxBatchBytes < 1024) {
      throw new IllegalArgumentException("maxBatchBytes must be at least 1024, got " + maxBatchBytes);
    }
    if (idleTimeout.isNegative() || idleTimeout.isZero() || pingInterval.isNegative() || pingInterval.isZero()) {
      throw new IllegalArgumentException("idleTimeout and pingInterval must be positive");
    }
    if (answerThreads < 1 || maxPendingRequests < 1) {
      throw new IllegalArgumentException("answerThreads and maxPendingRequests must be at least 1");
    }
    if (writeBufferLowBytes < 1 || writeBufferHighBytes < writeBufferLowBytes) {
      throw new IllegalArgumentException("need 0 < writeBufferLowBytes <= writeBufferHighBytes");
    }
  }

  /** The defaults, listening where the configuration says. */
  public static EdgeSettings of(PlaceConfig.Delivery delivery) {
    return defaults(delivery.edgeHost(), delivery.edgePort()).withTrustForwardedFor(delivery.edgeTrustForwardedFor())
        .withAnswerThreads(delivery.edgeAnswerThreads());
  }

  public static EdgeSettings defaults(String host, int port) {
    return new EdgeSettings(host, port, DEFAULT_MAX_FRAME_BYTES, DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_BATCH_BYTES,
        Duration.ofMinutes(10), Duration.ofSeconds(30), DEFAULT_ANSWER_THREADS, 16, 256 * 1024, 512 * 1024, false);
  }

  public EdgeSettings withAnswerThreads(int threads) {
    return new EdgeSettings(host, port, maxFrameBytes, maxMessageBytes, maxBatchBytes, idleTimeout, pingInterval,
        threads, maxPendingRequests, writeBufferLowBytes, writeBufferHighBytes, trustForwardedFor);
  }

  public EdgeSettings withIdle(Duration idleTimeout, Duration pingInterval) {
    return new EdgeSettings(host, port, maxFrameBytes, maxMessageBytes, maxBatchBytes, idleTimeout, pingInterval,
        answerThreads, maxPendingRequests, writeBufferLowBytes, writeBufferHighBytes, trustForwardedFor);
  }

  public EdgeSettings withWriteBuffer(int lowBytes, int highBytes) {
    return new EdgeSettings(host, port, maxFrameBytes, maxMessageBytes, maxBatchBytes, idleTimeout, pingInterval,
        answerThreads, maxPendingRequests, lowBytes, highBytes, trustForwardedFor);
  }

  public EdgeSettings withTrustForwardedFor(boolean trust) {
    return new EdgeSettings(host, port, maxFrameBytes, maxMessageBytes, maxBatchBytes, idleTimeout, pingInterval,
        answerThreads, maxPendingRequests, writeBufferLowBytes, writeBufferHighBytes, trust);
  }
}
