package dev.place.fanout;

import dev.place.shared.delivery.Backlog;
import dev.place.shared.delivery.Encoding;
import dev.place.shared.delivery.TileRun;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiAsyncClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.LimitExceededException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PayloadTooLargeException;

/**
 * Sends to connections through PostToConnection without ever dropping an update. Each connection
 * has at most one call in flight (so its messages arrive in order) and a {@link Backlog} of runs not
 * sent yet. An idle connection gets the interval's shared message; a busy or backed-off one has the
 * interval's runs added to its backlog, which is coalesced, encoded for it alone and sent as soon
 * as its call completes. A failed call puts its runs back in front of the backlog and retries:
 * after 429 in {@link #THROTTLE_BACKOFF_MILLIS}, after 5xx, timeouts and connection errors after a
 * short capped exponential back-off. 410 Gone forgets the connection. Calls run concurrently up to a
 * bound, so a slow connection stretches only its own latency.
 *
 * <p><b>Fenced.</b> Right before every call the connection's bucket lease is checked ({@code
 * maySend}: held, and its safe window open on the monotonic clock). A connection whose lease is not
 * trusted keeps what it has queued and sends nothing until the lease is renewed ({@link
 * #resumeFenced()}) or the connection is given up with its bucket ({@link #retainOnly}).
 */
final class ConnectionPusher {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionPusher.class);
  static final long THROTTLE_BACKOFF_MILLIS = 1000;
  static final long RETRY_BACKOFF_MILLIS = 100;
  static final long MAX_RETRY_BACKOFF_MILLIS = 2000;

  private final ApiGatewayManagementApiAsyncClient api;
  private final GatewayMessages messages;
  private final Executor dispatcher;
  private final Semaphore permits;
  /** Connections found gone, for the interval's thread to unregister (never on the SDK's threads). */
  private final Queue<String> goneConnections = new ConcurrentLinkedQueue<>();
  private final LongSupplier clock;
  private final Map<String, Outbox> outboxes = new ConcurrentHashMap<>();
  private final Queue<Outbox> waiting = new ConcurrentLinkedQueue<>();
  private final Set<Outbox> backedOff = ConcurrentHashMap.newKeySet();
  private final Set<Outbox> fenced = ConcurrentHashMap.newKeySet();
  private final Predicate<String> maySend;
  private final AtomicLong worstDeliveredLag = new AtomicLong();
  final LongAdder delivered = new LongAdder();
  final LongAdder gone = new LongAdder();
  final LongAdder throttled = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder retried = new LongAdder();
  final LongAdder coalesced = new LongAdder();
  final LongAdder tooLarge = new LongAdder();
  /** Calls not made because the connection's lease was not trusted at that instant. */
  final LongAdder fencedCalls = new LongAdder();

  /**
   * @param dispatcher where calls are issued and backlogs encoded: the SDK marshals and signs each
   *     request on the calling thread (milliseconds per call until the JIT warms up), which must not
   *     be the thread that keeps the batch interval, nor the SDK's event loop that completes calls
   */
  ConnectionPusher(ApiGatewayManagementApiAsyncClient api, int concurrency, GatewayMessages messages,
      LongSupplier clock, Executor dispatcher) {
    this(api, concurrency, messages, clock, dispatcher, connectionId -> true);
  }

  /** @param maySend whether this instance may send to the connection now: its bucket's lease fence */
  ConnectionPusher(ApiGatewayManagementApiAsyncClient api, int concurrency, GatewayMessages messages,
      LongSupplier clock, Executor dispatcher, Predicate<String> maySend) {
    this.maySend = maySend;
    this.api = api;
    this.messages = messages;
    this.dispatcher = dispatcher;
    this.permits = new Semaphore(concurrency);
    this.clock = clock;
  }

  /**
   * The interval's message for one connection: sent as is if the connection is idle, else its runs
   * join the connection's backlog.
   */
  void offer(String connectionId, Encoding encoding, OutboundMessage shared) {
    Outbox outbox = outboxes.computeIfAbsent(connectionId, Outbox::new);
    synchronized (outbox) {
      outbox.encoding = encoding;
      if (outbox.isIdle(clock.getAsLong())) {
        outbox.current = shared;
        outbox.part = 0;
      } else {
        outbox.addToBacklog(shared.runs(), shared.queuedAt());
      }
    }
    pump(outbox);
  }

  /**
   * A connection taken over from another instance: {@code catchUp} (what it missed since the other
   * instance's cut) goes before anything this instance sends it.
   *
   * @param releasedSince when this instance first released what the catch-up holds: its age, for the lag
   *     and for the watermark this instance's own cut is taken from
   */
  void handOver(String connectionId, Encoding encoding, List<TileRun> catchUp, long releasedSince) {
    Outbox outbox = outboxes.computeIfAbsent(connectionId, Outbox::new);
    // A message of its own, not the backlog: merged there, the catch-up's runs (the uncertain span one
    // run per sequence, then the rest) would become one run the connection may partly have.
    OutboundMessage message = encodeAlone(outbox, encoding, catchUp, Math.min(releasedSince, clock.getAsLong()));
    synchronized (outbox) {
      outbox.encoding = encoding;
      outbox.control().addLast(message);
    }
    pump(outbox);
  }

  /** After a rebalance: connections held back by the fence try again (those still fenced wait again). */
  void resumeFenced() {
    for (Outbox outbox : fenced) {
      fenced.remove(outbox);
      pump(outbox);
    }
    startWaiting();
  }

  /** A message without runs for every given connection, after what each already has queued. */
  void broadcast(Collection<String> connectionIds, String text) {
    OutboundMessage message = OutboundMessage.control(text, clock.getAsLong());
    for (String connectionId : connectionIds) {
      Outbox outbox = outboxes.computeIfAbsent(connectionId, Outbox::new);
      synchronized (outbox) {
        outbox.control().addLast(message);
      }
      pump(outbox);
    }
  }

  /** Forgets connections no longer owned by this instance, with whatever they had queued. */
  void retainOnly(Collection<String> connectionIds) {
    Set<String> keep = new HashSet<>(connectionIds);
    outboxes.values().removeIf(outbox -> {
      if (keep.contains(outbox.connectionId)) {
        return false;
      }
      synchronized (outbox) {
        outbox.forgotten = true;
      }
      backedOff.remove(outbox);
      fenced.remove(outbox);
      return true;
    });
  }

  /** The next connection found gone since the last call, or null. */
  String nextGone() {
    return goneConnections.poll();
  }

  /** Retries connections whose back-off has ended; called every interval. */
  void resumeBackedOff() {
    long now = clock.getAsLong();
    for (Outbox outbox : backedOff) {
      boolean due;
      synchronized (outbox) {
        due = outbox.backoffUntil <= now;
      }
      if (due) {
        backedOff.remove(outbox);
        pump(outbox);
      }
    }
    startWaiting();
  }

  /** Connections with a backlog, and the age of the oldest update any connection has not been sent. */
  record Lag(int laggingConnections, long maxLagMillis) {}

  Lag lag() {
    long now = clock.getAsLong();
    int lagging = 0;
    long worst = 0;
    for (Outbox outbox : outboxes.values()) {
      synchronized (outbox) {
        long oldest = outbox.oldestUnsent();
        if (outbox.backlog != null && !outbox.backlog.isEmpty()) {
          lagging++;
        }
        if (oldest != Long.MAX_VALUE) {
          worst = Math.max(worst, now - oldest);
        }
      }
    }
    return new Lag(lagging, worst);
  }

  /** When the oldest update not yet delivered to some connection was ready, or {@code Long.MAX_VALUE}. */
  long oldestUnsentMillis() {
    long oldest = Long.MAX_VALUE;
    for (Outbox outbox : outboxes.values()) {
      synchronized (outbox) {
        oldest = Math.min(oldest, outbox.oldestUnsent());
      }
    }
    return oldest;
  }

  /** Per bucket (of {@code bucketOf}), the oldest update not yet delivered to one of its connections; absent: none. */
  Map<Integer, Long> oldestUnsentByBucket(java.util.function.ToIntFunction<String> bucketOf) {
    Map<Integer, Long> oldest = new java.util.HashMap<>();
    for (Outbox outbox : outboxes.values()) {
      long mine;
      synchronized (outbox) {
        mine = outbox.oldestUnsent();
      }
      if (mine != Long.MAX_VALUE) {
        oldest.merge(bucketOf.applyAsInt(outbox.connectionId), mine, Math::min);
      }
    }
    return oldest;
  }

  /** The worst age an update had when it was delivered since the last call; resets it. */
  long takeWorstDeliveredLag() {
    return worstDeliveredLag.getAndSet(0);
  }

  /** Blocks (bounded) until every connection has sent all it can now; for orderly shutdown and tests. */
  boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      long now = clock.getAsLong();
      boolean idle = outboxes.values().stream().allMatch(o -> {
        synchronized (o) {
          return !o.inFlight && !o.waitingForPermit && (!o.hasWork() || o.backoffUntil > now);
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
    boolean start;
    synchronized (outbox) {
      if (outbox.inFlight || outbox.waitingForPermit || outbox.forgotten || !outbox.hasWork()
          || (outbox.current == null && outbox.backoffUntil > clock.getAsLong())) {
        return;
      }
      // Never block here: completions run on the SDK's event loop.
      start = permits.tryAcquire();
      if (start) {
        outbox.inFlight = true;
      } else {
        outbox.waitingForPermit = true;
        waiting.add(outbox);
      }
    }
    if (start) {
      dispatcher.execute(() -> send(outbox));
    } else {
      // The last call may have completed between the failed tryAcquire and the add: nobody else
      // would look at the waiting queue again.
      startWaiting();
    }
  }

  /** Holds a permit; sends the next part, the next control message or the coalesced backlog. */
  private void send(Outbox outbox) {
    List<TileRun> backlog = null;
    long since = 0;
    Encoding encoding;
    synchronized (outbox) {
      encoding = outbox.encoding;
      if (outbox.current == null) {
        ArrayDeque<OutboundMessage> control = outbox.control;
        if (control != null && !control.isEmpty()) {
          outbox.current = control.pollFirst();
          outbox.part = 0;
        } else {
          backlog = outbox.backlog.drain();
          since = outbox.backlogSince;
          outbox.backlogSince = 0;
        }
      }
    }
    if (backlog != null && backlog.isEmpty()) {
      synchronized (outbox) {
        outbox.inFlight = false;
      }
      permits.release();
      startWaiting();
      return;
    }
    if (backlog != null) {
      OutboundMessage merged = encodeAlone(outbox, encoding, backlog, since);
      synchronized (outbox) {
        outbox.current = merged;
        outbox.part = 0;
      }
      coalesced.increment();
    }
    OutboundMessage message;
    int part;
    synchronized (outbox) {
      message = outbox.current;
      part = outbox.part;
    }
    // The last moment before the call: a process stalled until now finds its lease window closed.
    if (!maySend.test(outbox.connectionId)) {
      fencedCalls.increment();
      synchronized (outbox) {
        outbox.inFlight = false;
      }
      fenced.add(outbox);
      permits.release();
      startWaiting();
      return;
    }
    CompletableFuture<?> call;
    try {
      call = api.postToConnection(b -> b.connectionId(outbox.connectionId).data(message.parts().get(part)));
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    call.whenComplete((ok, error) -> completed(outbox, message, part, error));
  }

  private OutboundMessage encodeAlone(Outbox outbox, Encoding encoding, List<TileRun> runs, long since) {
    try {
      return messages.encode(encoding, runs, since);
    } catch (RuntimeException e) {
      // The codecs split what can be split; a run that fits no message becomes a resync of its tile.
      LOG.error("could not encode the backlog of {} ({} runs), resynchronising its tiles: {}", outbox.connectionId,
          runs.size(), e.toString());
      return messages.encode(encoding, resyncs(runs), since);
    }
  }

  private void completed(Outbox outbox, OutboundMessage message, int part, Throwable error) {
    permits.release();
    long now = clock.getAsLong();
    boolean forget = false;
    synchronized (outbox) {
      outbox.inFlight = false;
      if (error == null) {
        delivered.increment();
        outbox.failures = 0;
        if (part + 1 < message.parts().size()) {
          outbox.part = part + 1;
        } else {
          outbox.current = null;
          worstDeliveredLag.accumulateAndGet(now - message.queuedAt(), Math::max);
        }
      } else {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof GoneException) {
          gone.increment();
          outbox.forgotten = true;
          forget = true;
        } else {
          retry(outbox, message, cause, now);
        }
      }
    }
    if (forget) {
      outboxes.remove(outbox.connectionId, outbox);
      backedOff.remove(outbox);
      goneConnections.add(outbox.connectionId);
    } else {
      pump(outbox);
    }
    startWaiting();
  }

  /** Under the outbox's lock: the message goes back in front of what is queued, after a back-off. */
  private void retry(Outbox outbox, OutboundMessage message, Throwable cause, long now) {
    retried.increment();
    outbox.current = null;
    List<TileRun> runs = message.runs();
    long backoff;
    if (cause instanceof LimitExceededException) {
      throttled.increment();
      backoff = THROTTLE_BACKOFF_MILLIS;
    } else if (cause instanceof PayloadTooLargeException) {
      // Messages are split far below the limit; should it still happen, never resend the same bytes.
      tooLarge.increment();
      LOG.error("PostToConnection {} refused a message as too large; resynchronising its tiles", outbox.connectionId);
      runs = resyncs(runs);
      backoff = 0;
    } else {
      failed.increment();
      outbox.failures++;
      backoff = Math.min(MAX_RETRY_BACKOFF_MILLIS, RETRY_BACKOFF_MILLIS << Math.min(16, outbox.failures - 1));
      LOG.debug("PostToConnection {} failed ({}), retrying in {} ms", outbox.connectionId, cause.toString(), backoff);
    }
    if (runs.isEmpty()) {
      outbox.control().addFirst(message);
    } else {
      // Parts already delivered are sent again inside the merged runs: clients ignore what they have.
      outbox.backlog().addFirst(runs);
      outbox.backlogSince = outbox.backlogSince == 0 ? message.queuedAt() : Math.min(outbox.backlogSince, message.queuedAt());
    }
    if (backoff > 0) {
      outbox.backoffUntil = now + backoff;
      backedOff.add(outbox);
    }
  }

  private static List<TileRun> resyncs(List<TileRun> runs) {
    List<TileRun> out = new ArrayList<>(runs.size());
    for (TileRun run : runs) {
      out.add(run.kind() == TileRun.Kind.RESYNC ? run : TileRun.resync(run.tile(), run.firstSeq(), run.lastSeq()));
    }
    return out;
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

  /** One connection's state; every field is guarded by the outbox itself. */
  private static final class Outbox {
    final String connectionId;
    Encoding encoding = Encoding.JSON;
    /** The message being sent (or about to be, holding a permit or waiting for one), and its next part. */
    OutboundMessage current;
    int part;
    boolean inFlight;
    boolean waitingForPermit;
    boolean forgotten;
    /** Created on first need: most connections never fall behind. */
    ArrayDeque<OutboundMessage> control;
    Backlog backlog;
    long backlogSince;
    long backoffUntil;
    int failures;

    Outbox(String connectionId) {
      this.connectionId = connectionId;
    }

    boolean hasWork() {
      return current != null || (control != null && !control.isEmpty()) || (backlog != null && !backlog.isEmpty());
    }

    boolean isIdle(long now) {
      return !inFlight && !hasWork() && backoffUntil <= now;
    }

    ArrayDeque<OutboundMessage> control() {
      if (control == null) {
        control = new ArrayDeque<>(1);
      }
      return control;
    }

    Backlog backlog() {
      if (backlog == null) {
        backlog = new Backlog();
      }
      return backlog;
    }

    void addToBacklog(List<TileRun> runs, long queuedAt) {
      if (runs.isEmpty()) {
        return;
      }
      backlog().add(runs);
      if (backlogSince == 0) {
        backlogSince = queuedAt;
      }
    }

    /** When the oldest update not yet delivered was ready, or {@code Long.MAX_VALUE}. */
    long oldestUnsent() {
      long oldest = current == null ? Long.MAX_VALUE : current.queuedAt();
      if (control != null) {
        for (OutboundMessage queued : control) {
          oldest = Math.min(oldest, queued.queuedAt());
        }
      }
      if (backlog != null && !backlog.isEmpty()) {
        oldest = Math.min(oldest, backlogSince);
      }
      return oldest;
    }
  }
}
