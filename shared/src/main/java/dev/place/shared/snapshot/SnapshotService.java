package dev.place.shared.snapshot;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the publisher on a fixed delay (about once a second), so each changed tile gets at most one
 * new object per interval however busy it is. A failed pass is logged and the next one retries:
 * tiles whose version was not written still show a moved sequence.
 */
public final class SnapshotService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotService.class);

  private final SnapshotPublisher publisher;
  private final Duration interval;
  private final AutoCloseable resources;
  private final BooleanSupplier mayPublish;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "snapshot-publisher");
    t.setDaemon(true);
    return t;
  });

  /** {@code resources} (the publisher's clients) are closed after the last pass. */
  public SnapshotService(SnapshotPublisher publisher, Duration interval, AutoCloseable resources) {
    this(publisher, interval, resources, () -> true);
  }

  /** {@code mayPublish} is asked before every pass (a {@link SnapshotLease} where several instances run). */
  public SnapshotService(SnapshotPublisher publisher, Duration interval, AutoCloseable resources, BooleanSupplier mayPublish) {
    this.publisher = publisher;
    this.interval = interval;
    this.resources = resources;
    this.mayPublish = mayPublish;
  }

  public void start() {
    scheduler.scheduleWithFixedDelay(this::passSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void passSafely() {
    try {
      if (!mayPublish.getAsBoolean()) {
        return;
      }
      long begin = System.nanoTime();
      int written = publisher.publishOnce(System.currentTimeMillis());
      if (written > 0) {
        LOG.debug("published {} tile versions in {} ms", written, (System.nanoTime() - begin) / 1_000_000);
      }
    } catch (Exception e) {
      LOG.warn("snapshot pass failed, retrying next interval: {}", e.toString());
    }
  }

  @Override
  public void close() {
    scheduler.shutdown();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      resources.close();
    } catch (Exception e) {
      LOG.warn("closing the snapshot publisher's clients failed: {}", e.toString());
    }
  }
}
