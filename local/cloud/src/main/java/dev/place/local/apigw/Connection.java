package dev.place.local.apigw;

import io.netty.channel.Channel;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * An established WebSocket connection: its identity, its socket, and its integration calls in flight. As in API
 * Gateway, each message invokes its integration as soon as it has arrived, whether or not the connection's earlier
 * messages have been answered, so a slow message does not hold up the next and answers may come back in another
 * order (docs/operations.md, "Ordering"). Only {@code $disconnect} waits: it runs after every message that arrived
 * before the close has been answered.
 */
final class Connection {

  /** RFC 6455 "no status received": the client's close frame had no code. */
  static final int NO_STATUS = 1005;
  /** RFC 6455 "abnormal closure": the socket went away without a close frame. */
  static final int ABNORMAL = 1006;

  private final ClientIdentity identity;
  private final Channel channel;
  private volatile long lastActiveAt;
  private volatile boolean open = true;
  private int closeCode = ABNORMAL;
  private String closeReason = "Connection closed abnormally";
  private final Set<CompletableFuture<Void>> inFlight = ConcurrentHashMap.newKeySet();

  Connection(ClientIdentity identity, Channel channel) {
    this.identity = identity;
    this.channel = channel;
    this.lastActiveAt = identity.connectedAt();
  }

  String id() {
    return identity.connectionId();
  }

  ClientIdentity identity() {
    return identity;
  }

  Channel channel() {
    return channel;
  }

  long lastActiveAt() {
    return lastActiveAt;
  }

  void touch() {
    lastActiveAt = System.currentTimeMillis();
  }

  boolean isOpen() {
    return open && channel.isActive();
  }

  void markClosed() {
    open = false;
  }

  /** The first recorded reason wins: it is the one that caused the close. */
  synchronized boolean recordClose(int code, String reason) {
    if (closeCode != ABNORMAL) {
      return false;
    }
    closeCode = code;
    closeReason = reason;
    return true;
  }

  synchronized int closeCode() {
    return closeCode;
  }

  synchronized String closeReason() {
    return closeReason;
  }

  /** Runs {@code task} now and counts it as in flight until it has finished, whatever its outcome. */
  CompletableFuture<Void> start(Supplier<? extends CompletionStage<?>> task) {
    CompletableFuture<Void> done;
    try {
      done = task.get().toCompletableFuture().handle((ignored, failure) -> (Void) null);
    } catch (RuntimeException failure) {
      done = CompletableFuture.completedFuture(null);
    }
    // Added before the removal is registered, so a task that has already finished is not left behind.
    inFlight.add(done);
    CompletableFuture<Void> registered = done;
    done.whenComplete((ignored, failure) -> inFlight.remove(registered));
    return done;
  }

  /** Runs {@code task} once every task started before this call has finished. */
  CompletableFuture<Void> afterInFlight(Supplier<? extends CompletionStage<?>> task) {
    CompletableFuture<?>[] earlier = inFlight.toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(earlier).thenCompose(ignored -> start(task));
  }

  /** How many of this connection's integration calls are running (tests). */
  int inFlight() {
    return inFlight.size();
  }
}
