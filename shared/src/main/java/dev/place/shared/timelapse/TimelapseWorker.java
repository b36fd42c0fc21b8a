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

  /**
   * How long after {@code to} the canvas position is read: a handler stamps {@code placed_at} before its
   * Redis write, which takes at most the Redis command timeout (2 s by default).
   */
  public static final long SETTLE_MILLIS = 5_000;
  /** How long a render waits for a lagging history writer (normally a second behind) before it gives up. */
  public static final long MAX_WAIT_MILLIS = 30_000;

  private final HistorySource source;
  private final TileSequences sequences;
  private final long settleMillis;
  private final long maxWaitMillis;
  private final int tileSize;
  private final JobStore store;
  private final int threads;
  private final long heartbeatMillis;
  private final LongSupplier clock;

  /** For sources complete by construction (events in memory, a Kafka log read to its end): nothing is checked. */
  public TimelapseWorker(HistorySource source, int tileSize, JobStore store, int threads, long heartbeatMillis,
      LongSupplier clock) {
    this(source, TileSequences.UNCHECKED, 0, 0, tileSize, store, threads, heartbeatMillis, clock);
  }

  /**
   * A worker whose results are final: it renders only from a history that holds every event up to the
   * request's {@code to} ({@link Replays#plan(HistorySource, Region, int, long[], TileSequences)}), waiting
   * until {@code to + settleMillis} has passed and, for a lagging writer, up to {@code maxWaitMillis} more.
   */
  public TimelapseWorker(HistorySource source, TileSequences sequences, long settleMillis, long maxWaitMillis,
      int tileSize, JobStore store, int threads, long heartbeatMillis, LongSupplier clock) {
    this.source = source;
    this.sequences = sequences;
    this.settleMillis = settleMillis;
    this.maxWaitMillis = maxWaitMillis;
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
      renderFromCompleteHistory(request, partial, heartbeat);
      store.publish(partial, fileName, request.format().contentType);
      return finish(heartbeat, done(request));
    } catch (HistoryIncompleteException e) {
      // Not a result: a FAILED record is restarted by the next identical request, a DONE one never would be.
      LOG.info("timelapse {} refused: {}", id, e.getMessage());
      return finish(heartbeat, new JobStatus(id, JobStatus.State.FAILED, 0, null, e.getMessage()));
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

  /**
   * A result is content-addressed and cached for ever, so it is rendered only once the history is
   * complete up to {@code to}: not before {@code to} has passed (plus the settle time), and only from a
   * history that has caught up with the canvas (docs/history.md, "Final results").
   */
  private void renderFromCompleteHistory(TimelapseRequest request, Path out, Heartbeat heartbeat)
      throws IOException, InterruptedException {
    if (!sequences.checked()) {
      TimelapseRenderer.render(source, tileSize, request, out, threads, p -> heartbeat.progress(Math.min(p, 99)));
      return;
    }
    long settled = request.toMillis() + settleMillis;
    long giveUpAt = Math.max(clock.getAsLong(), settled) + maxWaitMillis;
    if (settled - clock.getAsLong() > maxWaitMillis) {
      throw new HistoryIncompleteException("'to' (" + java.time.Instant.ofEpochMilli(request.toMillis())
          + ") is still to come: a timelapse shows only what has happened");
    }
    sleepUntil(settled);
    while (true) {
      try {
        TimelapseRenderer.render(source, sequences, tileSize, request, out, threads,
            p -> heartbeat.progress(Math.min(p, 99)));
        return;
      } catch (HistoryIncompleteException lagging) {
        if (clock.getAsLong() >= giveUpAt) {
          throw new HistoryIncompleteException("the history is not complete up to 'to' yet ("
              + lagging.getMessage() + "); ask for the same timelapse again in a little while");
        }
        sleepUntil(Math.min(giveUpAt, clock.getAsLong() + POLL_MILLIS));
      }
    }
  }

  private static final long POLL_MILLIS = 500;

  private void sleepUntil(long millis) throws InterruptedException {
    for (long wait = millis - clock.getAsLong(); wait > 0; wait = millis - clock.getAsLong()) {
      Thread.sleep(Math.min(wait, POLL_MILLIS));
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
