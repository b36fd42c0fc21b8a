package dev.place.fanout;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiAsyncClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.LimitExceededException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PostToConnectionResponse;

/**
 * Sends messages to connections through PostToConnection. Calls run concurrently up to a bound;
 * each connection has at most one call in flight, so its messages arrive in order, and a slow or
 * dead connection only queues its own messages (up to a limit, after which the oldest are dropped
 * and the client's sequence check resynchronises it). 410 Gone forgets the connection; 429 backs
 * that connection off.
 */
final class ConnectionPusher {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionPusher.class);
  static final int MAX_QUEUED_PER_CONNECTION = 32;
  static final long THROTTLE_BACKOFF_MILLIS = 1000;

  private final ApiGatewayManagementApiAsyncClient api;
  private final Executor dispatcher;
  private final Semaphore permits;
  private final Consumer<String> onGone;
  private final LongSupplier clock;
  private final Map<String, Outbox> outboxes = new ConcurrentHashMap<>();
  private final java.util.Queue<Outbox> waiting = new java.util.concurrent.ConcurrentLinkedQueue<>();
  final LongAdder delivered = new LongAdder();
  final LongAdder gone = new LongAdder();
  final LongAdder throttled = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder dropped = new LongAdder();

  /**
   * @param dispatcher where calls are issued: the SDK marshals and signs each request on the
   *     calling thread (milliseconds per call until the JIT warms up), which must not be the thread
   *     that keeps the batch interval
   */
  ConnectionPusher(ApiGatewayManagementApiAsyncClient api, int concurrency, Consumer<String> onGone, LongSupplier clock,
      Executor dispatcher) {
    this.api = api;
    this.dispatcher = dispatcher;
    this.permits = new Semaphore(concurrency);
    this.onGone = onGone;
    this.clock = clock;
  }

  /** Queues every message for every connection and starts what can start now. */
  void push(Collection<String> connectionIds, List<String> messages) {
    for (String connectionId : connectionIds) {
      Outbox outbox = outboxes.computeIfAbsent(connectionId, Outbox::new);
      synchronized (outbox) {
        for (String message : messages) {
          if (outbox.queue.size() >= MAX_QUEUED_PER_CONNECTION) {
            outbox.queue.pollFirst();
            dropped.increment();
          }
          outbox.queue.addLast(message);
        }
      }
      pump(outbox);
    }
  }

  /** Forgets connections no longer owned by this instance. */
  void retainOnly(Collection<String> connectionIds) {
    outboxes.keySet().retainAll(new java.util.HashSet<>(connectionIds));
  }

  /** Blocks (bounded) until every queued message was attempted; for orderly shutdown and tests. */
  boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      boolean idle = outboxes.values().stream().allMatch(o -> {
        synchronized (o) {
          return !o.inFlight && (o.queue.isEmpty() || o.backoffUntil > clock.getAsLong());
        }
      });
      if (idle) {
        return true;
      }
      Thread.sleep(5);
    }
    return false;
  }

  private void pump(Outbox outbox) {
    String message;
    synchronized (outbox) {
      if (outbox.inFlight || outbox.queue.isEmpty() || outbox.backoffUntil > clock.getAsLong()) {
        return;
      }
      // Never block here: completions run on the SDK's event loop.
      if (!permits.tryAcquire()) {
        if (!outbox.waitingForPermit) {
          outbox.waitingForPermit = true;
          waiting.add(outbox);
        }
        return;
      }
      outbox.inFlight = true;
      message = outbox.queue.pollFirst();
    }
    dispatcher.execute(() -> post(outbox, message));
  }

  private void post(Outbox outbox, String message) {
    CompletableFuture<PostToConnectionResponse> call;
    try {
      call = api.postToConnection(b -> b.connectionId(outbox.connectionId).data(SdkBytes.fromUtf8String(message)));
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    call.whenComplete((ok, error) -> {
      permits.release();
      boolean forget = false;
      synchronized (outbox) {
        outbox.inFlight = false;
        if (error == null) {
          delivered.increment();
        } else {
          Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
          if (cause instanceof GoneException) {
            gone.increment();
            forget = true;
          } else if (cause instanceof LimitExceededException) {
            throttled.increment();
            outbox.queue.addFirst(message);
            outbox.backoffUntil = clock.getAsLong() + THROTTLE_BACKOFF_MILLIS;
          } else {
            failed.increment();
            LOG.debug("PostToConnection {} failed: {}", outbox.connectionId, cause.toString());
          }
        }
      }
      if (forget) {
        outboxes.remove(outbox.connectionId);
        onGone.accept(outbox.connectionId);
      } else {
        pump(outbox);
      }
      startWaiting();
    });
  }

  private void startWaiting() {
    Outbox next;
    while (permits.availablePermits() > 0 && (next = waiting.poll()) != null) {
      synchronized (next) {
        next.waitingForPermit = false;
      }
      pump(next);
    }
  }

  /** Retries connections whose back-off has ended; called every interval. */
  void resumeBackedOff() {
    long now = clock.getAsLong();
    for (Outbox outbox : outboxes.values()) {
      boolean due;
      synchronized (outbox) {
        due = outbox.backoffUntil != 0 && outbox.backoffUntil <= now && !outbox.inFlight;
        if (due) {
          outbox.backoffUntil = 0;
        }
      }
      if (due) {
        pump(outbox);
      }
    }
  }

  private static final class Outbox {
    final String connectionId;
    final ArrayDeque<String> queue = new ArrayDeque<>(4);
    boolean inFlight;
    boolean waitingForPermit;
    long backoffUntil;

    Outbox(String connectionId) {
      this.connectionId = connectionId;
    }
  }
}
