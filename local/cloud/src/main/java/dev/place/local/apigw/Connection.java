package dev.place.local.apigw;

import io.netty.channel.Channel;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * An established WebSocket connection: its identity, its socket, and the serial queue through which all of its
 * integration calls run, so the backend sees a connection's messages (and finally its {@code $disconnect}) one at a
 * time and in arrival order, while different connections proceed in parallel.
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
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

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

  /** Runs {@code task} after every task enqueued before it has finished, whatever their outcome. */
  synchronized CompletableFuture<Void> enqueue(Supplier<? extends CompletionStage<?>> task) {
    tail = tail.thenCompose(previous -> {
      try {
        return task.get().handle((ignored, failure) -> (Void) null);
      } catch (RuntimeException failure) {
        return CompletableFuture.<Void>completedFuture(null);
      }
    });
    return tail;
  }

  synchronized CompletableFuture<Void> drained() {
    return tail;
  }
}
