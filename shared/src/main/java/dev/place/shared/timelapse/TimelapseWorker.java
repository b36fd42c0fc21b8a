package dev.place.shared.timelapse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one job wherever it was launched (Lambda, ECS task, local thread): renders the request,
 * publishes the result and keeps the job's status record current. While it renders it rewrites the
 * record every {@code heartbeatMillis} even without progress, because a dispatcher treats a running
 * record that stopped changing as a worker that died (Lambda timeout, task stopped, restart).
 */
public final class TimelapseWorker {

  private static final Logger LOG = LoggerFactory.getLogger(TimelapseWorker.class);

  private final HistorySource source;
  private final int tileSize;
  private final JobStore store;
  private final int threads;
  private final long heartbeatMillis;
  private final LongSupplier clock;

  public TimelapseWorker(HistorySource source, int tileSize, JobStore store, int threads, long heartbeatMillis,
      LongSupplier clock) {
    this.source = source;
    this.tileSize = tileSize;
    this.store = store;
    this.threads = threads;
    this.heartbeatMillis = heartbeatMillis;
    this.clock = clock;
  }

  /** Renders the job and returns its final status (DONE or FAILED); never throws for a failed render. */
  public JobStatus run(TimelapseRequest request) {
    String id = request.id();
    String fileName = request.fileName();
    // Every record this worker writes keeps the launcher the dispatcher chose, which it reads on a restart.
    String runner = store.read(id).map(StoredJob::runner).orElse(null);
    if (store.resultExists(fileName)) {
      // A second delivery of the same job (asynchronous invocations are at least once).
      return finish(new Heartbeat(id, runner), done(request));
    }
    Heartbeat heartbeat = new Heartbeat(id, runner);
    Path partial = null;
    try {
      partial = store.scratch(fileName);
      heartbeat.start();
      TimelapseRenderer.render(source, tileSize, request, partial, threads, p -> heartbeat.progress(Math.min(p, 99)));
      store.publish(partial, fileName, request.format().contentType);
      return finish(heartbeat, done(request));
    } catch (Exception | OutOfMemoryError e) {
      LOG.error("timelapse {} failed", id, e);
      return finish(heartbeat, new JobStatus(id, JobStatus.State.FAILED, 0, null, String.valueOf(e.getMessage())));
    } finally {
      if (partial != null) {
        try {
          Files.deleteIfExists(partial);
        } catch (IOException ignored) {
          // scratch space; the next job or the platform cleans it
        }
      }
    }
  }

  private JobStatus done(TimelapseRequest request) {
    return new JobStatus(request.id(), JobStatus.State.DONE, 100, store.resultUrl(request.fileName()), null);
  }

  private JobStatus finish(Heartbeat heartbeat, JobStatus last) {
    heartbeat.stop();
    store.write(last, heartbeat.runner, clock.getAsLong());
    return last;
  }

  /**
   * Progress comes from encoder threads, concurrently and out of order: the percent only grows, and
   * records are written by one thread (on change, at most every tenth of the heartbeat, and on the
   * heartbeat), never after {@link #stop}, so the final record is the last one.
   */
  private final class Heartbeat {

    private final String id;
    private final String runner;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "timelapse-heartbeat");
      t.setDaemon(true);
      return t;
    });
    private final java.util.concurrent.atomic.AtomicInteger percent = new java.util.concurrent.atomic.AtomicInteger();
    private int written = -1;
    private long writtenAt;
    private boolean stopped;

    Heartbeat(String id, String runner) {
      this.id = id;
      this.runner = runner;
    }

    void start() {
      write(true);
      long tick = Math.max(1, heartbeatMillis / 10);
      timer.scheduleWithFixedDelay(() -> write(false), tick, tick, TimeUnit.MILLISECONDS);
    }

    void progress(int p) {
      percent.accumulateAndGet(p, Math::max);
    }

    private synchronized void write(boolean force) {
      long now = clock.getAsLong();
      int p = percent.get();
      if (stopped || (!force && p == written && now - writtenAt < heartbeatMillis)) {
        return;
      }
      try {
        store.write(new JobStatus(id, JobStatus.State.RUNNING, p, null, null), runner, now);
        written = p;
        writtenAt = now;
      } catch (RuntimeException e) {
        // A missed heartbeat is retried on the next tick; the render goes on.
        LOG.warn("timelapse {}: writing progress failed: {}", id, e.toString());
      }
    }

    void stop() {
      synchronized (this) {
        stopped = true;
      }
      timer.shutdownNow();
    }
  }
}
