package dev.place.shared.timelapse;

import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The job runner in front of a {@link JobStore}: a finished result is answered at once, a live job
 * is reported, anything else is claimed (conditionally, so one of two identical requests wins) and
 * handed to a launcher chosen by size: {@code frames × width × height} up to
 * {@code maxSmallPixelFrames} goes to the small launcher (a Lambda in AWS), bigger ones to the large
 * one (an ECS task). A job whose record stopped changing is reported FAILED and restarted by the next
 * identical request: that is how a worker killed by a timeout or a restart is noticed. A job the
 * small launcher did not finish is restarted on the large one.
 */
public final class DispatchingTimelapseJobs implements TimelapseJobs {

  /** A running worker rewrites its record far more often than this (see {@link TimelapseWorker}). */
  public static final long RUNNING_STALE_MILLIS = 60_000;
  /** An ECS task may take minutes to be placed and pull its image before it first writes. */
  public static final long QUEUED_STALE_MILLIS = 15 * 60_000;

  /** Names of the two launchers in job records. */
  public static final String SMALL = "small";
  public static final String LARGE = "large";

  private final JobStore store;
  private final JobLauncher small;
  private final JobLauncher large;
  private final long maxSmallPixelFrames;
  private final LongSupplier clock;

  public DispatchingTimelapseJobs(JobStore store, JobLauncher small, JobLauncher large, long maxSmallPixelFrames,
      LongSupplier clock) {
    this.store = store;
    this.small = small;
    this.large = large;
    this.maxSmallPixelFrames = maxSmallPixelFrames;
    this.clock = clock;
  }

  public static long pixelFrames(TimelapseRequest request) {
    return (long) request.frames() * request.region().pixels();
  }

  @Override
  public JobStatus submit(TimelapseRequest request) {
    if (store.resultExists(request.fileName())) {
      return done(request);
    }
    JobStatus queued = new JobStatus(request.id(), JobStatus.State.QUEUED, 0, null, null);
    for (int attempt = 0; attempt < 3; attempt++) {
      Optional<StoredJob> stored = store.read(request.id());
      if (stored.isPresent() && alive(stored.get())) {
        return stored.get().status();
      }
      // None, failed, stale, or DONE whose result has since expired: (re)start it.
      String runner = runner(request, stored);
      if (!store.claim(queued, runner, clock.getAsLong(), stored.map(StoredJob::version).orElse(null))) {
        continue; // another request claimed it between our read and write: report theirs
      }
      try {
        (runner.equals(SMALL) ? small : large).launch(request);
        return queued;
      } catch (Exception e) {
        JobStatus failed = new JobStatus(request.id(), JobStatus.State.FAILED, 0, null,
            "could not start the render: " + e.getMessage());
        store.write(failed, runner, clock.getAsLong());
        return failed;
      }
    }
    return store.read(request.id()).map(StoredJob::status).orElse(queued);
  }

  @Override
  public Optional<JobStatus> status(String id) {
    Optional<StoredJob> stored = store.read(id);
    if (stored.isPresent()) {
      StoredJob job = stored.get();
      if (job.finished() || alive(job)) {
        return Optional.of(job.status());
      }
      return Optional.of(new JobStatus(id, JobStatus.State.FAILED, job.status().percent(), null,
          "the render stopped responding; request the same timelapse again to restart it"));
    }
    // Statuses expire sooner than results: a result alone still answers.
    for (TimelapseRequest.Format format : TimelapseRequest.Format.values()) {
      String fileName = id + "." + format.extension;
      if (store.resultExists(fileName)) {
        return Optional.of(new JobStatus(id, JobStatus.State.DONE, 100, store.resultUrl(fileName), null));
      }
    }
    return Optional.empty();
  }

  /**
   * By size; but a job the small launcher did not finish (the Lambda's 15 minutes ran out, or its
   * memory) goes to the large one next time, whatever its size: the size is only an estimate, the
   * history a render must read is not known before it is read.
   */
  static String runner(TimelapseRequest request, Optional<StoredJob> previous, long maxSmallPixelFrames) {
    boolean smallFailedBefore = previous.isPresent() && SMALL.equals(previous.get().runner())
        && previous.get().status().state() != JobStatus.State.DONE;
    return pixelFrames(request) <= maxSmallPixelFrames && !smallFailedBefore ? SMALL : LARGE;
  }

  private String runner(TimelapseRequest request, Optional<StoredJob> previous) {
    return runner(request, previous, maxSmallPixelFrames);
  }

  private boolean alive(StoredJob job) {
    long age = clock.getAsLong() - job.updatedAtMillis();
    return switch (job.status().state()) {
      case QUEUED -> age < QUEUED_STALE_MILLIS;
      case RUNNING -> age < RUNNING_STALE_MILLIS;
      case DONE, FAILED -> false;
    };
  }

  private JobStatus done(TimelapseRequest request) {
    return new JobStatus(request.id(), JobStatus.State.DONE, 100, store.resultUrl(request.fileName()), null);
  }
}
