package dev.place.functions.rest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs named probes concurrently, each bounded by the same timeout, so one hung dependency costs
 * the timeout once and never hides the state of the others.
 */
final class HealthCheck {

  record Result(boolean up, long millis, String error, Map<String, Object> details) {
    Result(boolean up, long millis, String error) {
      this(up, millis, error, Map.of());
    }
  }

  private final Map<String, HealthProbe> probes;
  private final ExecutorService executor;
  private final long timeoutMillis;

  HealthCheck(Map<String, HealthProbe> probes, ExecutorService executor, long timeoutMillis) {
    this.probes = probes;
    this.executor = executor;
    this.timeoutMillis = timeoutMillis;
  }

  Map<String, Result> run() {
    Map<String, CompletableFuture<Result>> running = new LinkedHashMap<>();
    probes.forEach((name, probe) -> running.put(name, CompletableFuture.supplyAsync(() -> timed(probe), executor)));
    Map<String, Result> results = new LinkedHashMap<>();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    running.forEach((name, future) -> {
      try {
        results.put(name, future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      } catch (TimeoutException e) {
        future.cancel(true);
        results.put(name, new Result(false, timeoutMillis, "no answer within " + timeoutMillis + " ms"));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        results.put(name, new Result(false, 0, "interrupted"));
      } catch (ExecutionException e) {
        results.put(name, new Result(false, 0, String.valueOf(e.getCause())));
      }
    });
    return results;
  }

  private static Result timed(HealthProbe probe) {
    long begin = System.nanoTime();
    try {
      Map<String, Object> details = Map.of();
      if (probe instanceof HealthProbe.Reporting reporting) {
        details = reporting.report();
      } else {
        probe.check();
      }
      return new Result(true, (System.nanoTime() - begin) / 1_000_000, null, details);
    } catch (HealthProbe.Failed e) {
      return new Result(false, (System.nanoTime() - begin) / 1_000_000, e.getMessage(), e.details());
    } catch (Exception e) {
      return new Result(false, (System.nanoTime() - begin) / 1_000_000, e.toString());
    }
  }
}
