package dev.place.shared.history;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Writes rows as UNLOGGED batches: one request carries up to {@value #MAX_STATEMENTS} inserts (the
 * most Keyspaces takes in one batch), rows of the same partition next to each other, and at most
 * {@value #MAX_IN_FLIGHT} batches outstanding per call, so several writers sharing one session
 * stay under the driver's 1,024 requests per connection. Unlogged: no batch log, no atomicity; a
 * failed batch fails the call, and the caller's retry rewrites the same rows (they are idempotent).
 */
final class UnloggedBatches {

  static final int MAX_STATEMENTS = 30;
  static final int MAX_IN_FLIGHT = 32;

  private UnloggedBatches() {}

  /** One row to write, with the partition it belongs to (rows of one partition share a batch where they can). */
  record Row(String partition, BoundStatement insert) {}

  /** The rows in batches of at most {@code max}, sorted by partition (stable), so a partition's rows travel together. */
  static <T> List<List<T>> group(List<T> rows, Function<T, String> partition, int max) {
    List<T> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparing(partition));
    List<List<T>> batches = new ArrayList<>((sorted.size() + max - 1) / max);
    for (int i = 0; i < sorted.size(); i += max) {
      batches.add(sorted.subList(i, Math.min(sorted.size(), i + max)));
    }
    return batches;
  }

  /** Writes every row; returns when all batches succeeded, throws {@link CompletionException} with the first failure. */
  static void write(CqlSession session, List<Row> rows) {
    Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (List<Row> batch : group(rows, Row::partition, MAX_STATEMENTS)) {
      if (failure.get() != null) {
        break;
      }
      inFlight.acquireUninterruptibly();
      List<BoundStatement> inserts = new ArrayList<>(batch.size());
      batch.forEach(r -> inserts.add(r.insert()));
      var statement = inserts.size() == 1 ? inserts.get(0)
          : BatchStatement.newInstance(BatchType.UNLOGGED).addAll(inserts).setExecutionProfileName(CassandraSessions.BATCH_WRITES);
      session.executeAsync(statement).whenComplete((result, error) -> {
        if (error != null) {
          failure.compareAndSet(null, error);
        }
        inFlight.release();
      });
    }
    inFlight.acquireUninterruptibly(MAX_IN_FLIGHT);
    if (failure.get() != null) {
      throw failure.get() instanceof CompletionException c ? c : new CompletionException(failure.get());
    }
  }
}
