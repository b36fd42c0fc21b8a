package dev.place.local.lambda;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Hands out execution environments, creating them lazily up to the function's concurrency limit. When all are busy
 * an acquisition waits (without holding a thread) for one to be released, for at most the queue timeout, and then
 * fails, which the caller reports as a throttle. Idle environments are reused most-recently-released first so
 * that, as on Lambda, a light load keeps hitting the same warm instance.
 */
final class EnvironmentPool {

  /** Completes an acquisition that had to give up waiting. */
  static final class NoEnvironmentAvailable extends RuntimeException {
    NoEnvironmentAvailable(String message) {
      super(message, null, false, false);
    }
  }

  private final int maxEnvironments;
  private final Duration queueTimeout;
  private final IntFunction<ExecutionEnvironment> factory;
  private final Deque<ExecutionEnvironment> idle = new ArrayDeque<>();
  private final Deque<CompletableFuture<ExecutionEnvironment>> waiters = new ArrayDeque<>();
  private int live;
  private int created;
  private boolean closed;

  EnvironmentPool(int maxEnvironments, Duration queueTimeout, IntFunction<ExecutionEnvironment> factory) {
    this.maxEnvironments = maxEnvironments;
    this.queueTimeout = queueTimeout;
    this.factory = factory;
  }

  CompletableFuture<ExecutionEnvironment> acquire() {
    CompletableFuture<ExecutionEnvironment> lease = new CompletableFuture<>();
    ExecutionEnvironment ready;
    synchronized (this) {
      if (closed) {
        return CompletableFuture.failedFuture(new NoEnvironmentAvailable("function is shut down"));
      }
      ready = idle.pollFirst();
      if (ready == null && live < maxEnvironments) {
        ready = newEnvironment();
      }
      if (ready == null) {
        if (queueTimeout.isZero()) {
          return CompletableFuture.failedFuture(new NoEnvironmentAvailable("all environments busy"));
        }
        waiters.addLast(lease);
      }
    }
    if (ready != null) {
      lease.complete(ready);
      return lease;
    }
    lease.completeOnTimeout(null, queueTimeout.toMillis(), TimeUnit.MILLISECONDS);
    return lease.thenApply(environment -> {
      if (environment == null) {
        synchronized (this) {
          waiters.remove(lease);
        }
        throw new NoEnvironmentAvailable("no environment became free within " + queueTimeout);
      }
      return environment;
    });
  }

  /**
   * Every environment the function may have, idle ones and new ones up to the concurrency limit, taken
   * out of the pool (for priming; give each back with {@link #release} or {@link #discard}).
   */
  synchronized java.util.List<ExecutionEnvironment> takeAll() {
    java.util.List<ExecutionEnvironment> all = new java.util.ArrayList<>(idle);
    idle.clear();
    while (!closed && live < maxEnvironments) {
      all.add(newEnvironment());
    }
    return all;
  }

  /** Returns a healthy environment after an invocation. */
  void release(ExecutionEnvironment environment) {
    while (true) {
      CompletableFuture<ExecutionEnvironment> waiter;
      synchronized (this) {
        if (closed) {
          live--;
          environment.shutdown();
          return;
        }
        waiter = waiters.pollFirst();
        if (waiter == null) {
          idle.addFirst(environment);
          return;
        }
      }
      // A waiter that already timed out refuses the hand-over; try the next one.
      if (waiter.complete(environment)) {
        return;
      }
    }
  }

  /** Drops an environment that must not be reused; a waiter, if any, gets a fresh one. */
  void discard(ExecutionEnvironment environment) {
    environment.shutdown();
    ExecutionEnvironment replacement;
    synchronized (this) {
      live--;
      if (closed || waiters.isEmpty()) {
        return;
      }
      replacement = newEnvironment();
    }
    release(replacement);
  }

  void close() {
    Deque<ExecutionEnvironment> toStop;
    Deque<CompletableFuture<ExecutionEnvironment>> toFail;
    synchronized (this) {
      closed = true;
      toStop = new ArrayDeque<>(idle);
      live -= idle.size();
      idle.clear();
      toFail = new ArrayDeque<>(waiters);
      waiters.clear();
    }
    toStop.forEach(ExecutionEnvironment::shutdown);
    toFail.forEach(waiter -> waiter.completeExceptionally(new NoEnvironmentAvailable("function is shut down")));
  }

  synchronized int liveEnvironments() {
    return live;
  }

  private ExecutionEnvironment newEnvironment() {
    live++;
    return factory.apply(++created);
  }
}
