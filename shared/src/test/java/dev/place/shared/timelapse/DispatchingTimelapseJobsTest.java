package dev.place.shared.timelapse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DispatchingTimelapseJobsTest {

  /** 100 frames of 100×100: one million pixel-frames. */
  private static final TimelapseRequest SMALL =
      new TimelapseRequest(new Region(0, 0, 100, 100), 0, 1000, 25, 100, TimelapseRequest.Format.MP4);
  private static final TimelapseRequest LARGE =
      new TimelapseRequest(new Region(0, 0, 1000, 1000), 0, 1000, 25, 100, TimelapseRequest.Format.MP4);

  @TempDir Path dir;
  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final List<String> smallLaunches = new CopyOnWriteArrayList<>();
  private final List<String> largeLaunches = new CopyOnWriteArrayList<>();
  private DirectoryJobStore store;
  private DispatchingTimelapseJobs jobs;

  @BeforeEach
  void setUp() {
    store = new DirectoryJobStore(dir.resolve("results"), dir.resolve("jobs"), "https://cdn/timelapse");
    jobs = new DispatchingTimelapseJobs(store, r -> smallLaunches.add(r.id()), r -> largeLaunches.add(r.id()),
        1_000_000, clock::get);
  }

  @Test
  void jobsUpToTheLimitGoToTheSmallLauncherAndBiggerOnesToTheLargeOne() {
    assertThat(jobs.submit(SMALL).state()).isEqualTo(JobStatus.State.QUEUED);
    assertThat(jobs.submit(LARGE).state()).isEqualTo(JobStatus.State.QUEUED);
    assertThat(smallLaunches).containsExactly(SMALL.id());
    assertThat(largeLaunches).containsExactly(LARGE.id());
    assertThat(DispatchingTimelapseJobs.pixelFrames(LARGE)).isEqualTo(100_000_000L);
  }

  @Test
  void theSameRequestWhileItRunsIsReportedNotLaunchedAgain() {
    jobs.submit(SMALL);
    store.write(new JobStatus(SMALL.id(), JobStatus.State.RUNNING, 40, null, null), clock.addAndGet(1_000));
    JobStatus again = jobs.submit(SMALL);
    assertThat(again.state()).isEqualTo(JobStatus.State.RUNNING);
    assertThat(again.percent()).isEqualTo(40);
    assertThat(smallLaunches).hasSize(1);
    assertThat(jobs.status(SMALL.id())).contains(again);
  }

  @Test
  void aFinishedResultIsAnsweredAtOnceAndNothingIsLaunched() throws Exception {
    Files.writeString(dir.resolve("results").resolve(SMALL.fileName()), "video");
    JobStatus status = jobs.submit(SMALL);
    assertThat(status.state()).isEqualTo(JobStatus.State.DONE);
    assertThat(status.url()).isEqualTo("https://cdn/timelapse/" + SMALL.fileName());
    assertThat(smallLaunches).isEmpty();
    // With no record at all (records expire before results), the result alone answers the status.
    assertThat(jobs.status(SMALL.id()).orElseThrow().url()).isEqualTo(status.url());
  }

  @Test
  void aRunningJobWhoseRecordStoppedChangingIsReportedFailedAndTheNextRequestRestartsIt() {
    jobs.submit(SMALL);
    store.write(new JobStatus(SMALL.id(), JobStatus.State.RUNNING, 30, null, null), clock.get());
    clock.addAndGet(DispatchingTimelapseJobs.RUNNING_STALE_MILLIS + 1);

    JobStatus reported = jobs.status(SMALL.id()).orElseThrow();
    assertThat(reported.state()).isEqualTo(JobStatus.State.FAILED);
    assertThat(reported.error()).contains("stopped responding");

    assertThat(jobs.submit(SMALL).state()).isEqualTo(JobStatus.State.QUEUED);
    assertThat(smallLaunches).containsExactly(SMALL.id(), SMALL.id());
  }

  @Test
  void aSmallJobTheLambdaDidNotFinishIsRestartedAsALargeOne() {
    jobs.submit(SMALL);
    assertThat(store.read(SMALL.id()).orElseThrow().runner()).isEqualTo(DispatchingTimelapseJobs.SMALL);
    // The worker's records keep the runner; then it stops writing (Lambda's 15 minutes ran out).
    store.write(new JobStatus(SMALL.id(), JobStatus.State.RUNNING, 70, null, null), DispatchingTimelapseJobs.SMALL, clock.get());
    clock.addAndGet(DispatchingTimelapseJobs.RUNNING_STALE_MILLIS + 1);

    jobs.submit(SMALL);

    assertThat(smallLaunches).containsExactly(SMALL.id());
    assertThat(largeLaunches).containsExactly(SMALL.id());
    assertThat(store.read(SMALL.id()).orElseThrow().runner()).isEqualTo(DispatchingTimelapseJobs.LARGE);
  }

  @Test
  void aSmallJobThatFailedOnTheLambdaIsRetriedAsALargeOneButAFinishedOneIsNot() {
    StoredJob failedOnLambda = new StoredJob(new JobStatus(SMALL.id(), JobStatus.State.FAILED, 10, null, "Java heap space"),
        0, "v1", DispatchingTimelapseJobs.SMALL);
    StoredJob doneOnLambda = new StoredJob(new JobStatus(SMALL.id(), JobStatus.State.DONE, 100, "u", null),
        0, "v1", DispatchingTimelapseJobs.SMALL);
    StoredJob failedOnEcs = new StoredJob(new JobStatus(SMALL.id(), JobStatus.State.FAILED, 10, null, "x"),
        0, "v1", DispatchingTimelapseJobs.LARGE);
    assertThat(DispatchingTimelapseJobs.runner(SMALL, java.util.Optional.of(failedOnLambda), 1_000_000)).isEqualTo("large");
    assertThat(DispatchingTimelapseJobs.runner(SMALL, java.util.Optional.of(doneOnLambda), 1_000_000)).isEqualTo("small");
    assertThat(DispatchingTimelapseJobs.runner(SMALL, java.util.Optional.of(failedOnEcs), 1_000_000)).isEqualTo("small");
    assertThat(DispatchingTimelapseJobs.runner(SMALL, java.util.Optional.empty(), 1_000_000)).isEqualTo("small");
    assertThat(DispatchingTimelapseJobs.runner(LARGE, java.util.Optional.empty(), 1_000_000)).isEqualTo("large");
  }

  @Test
  void theWorkerKeepsTheRunnerTheDispatcherRecorded() {
    jobs.submit(LARGE);
    TimelapseRequest tiny = new TimelapseRequest(new Region(0, 0, 64, 48), 0, 1000, 25, 5, TimelapseRequest.Format.GIF);
    store.claim(new JobStatus(tiny.id(), JobStatus.State.QUEUED, 0, null, null), DispatchingTimelapseJobs.LARGE, clock.get(), null);

    JobStatus last = new TimelapseWorker(EncodersTest.history(10), 32, store, 1, 1_000, clock::get).run(tiny);

    assertThat(last.state()).isEqualTo(JobStatus.State.DONE);
    assertThat(store.read(tiny.id()).orElseThrow().runner()).isEqualTo(DispatchingTimelapseJobs.LARGE);
  }

  @Test
  void aQueuedJobIsGivenTimeForATaskToStart() {
    jobs.submit(LARGE);
    clock.addAndGet(DispatchingTimelapseJobs.RUNNING_STALE_MILLIS * 5);
    assertThat(jobs.status(LARGE.id()).orElseThrow().state()).isEqualTo(JobStatus.State.QUEUED);
    assertThat(jobs.submit(LARGE).state()).isEqualTo(JobStatus.State.QUEUED);
    assertThat(largeLaunches).hasSize(1);
    clock.addAndGet(DispatchingTimelapseJobs.QUEUED_STALE_MILLIS);
    jobs.submit(LARGE);
    assertThat(largeLaunches).hasSize(2);
  }

  @Test
  void aJobThatCannotBeStartedIsFailedWithTheReasonAndTheNextRequestTriesTheOtherLauncher() {
    List<String> attempts = new CopyOnWriteArrayList<>();
    List<String> fallback = new CopyOnWriteArrayList<>();
    DispatchingTimelapseJobs refusing = new DispatchingTimelapseJobs(store, r -> {
      attempts.add(r.id());
      throw new IllegalStateException("TooManyRequestsException: Rate exceeded");
    }, r -> fallback.add(r.id()), Long.MAX_VALUE, clock::get);

    JobStatus status = refusing.submit(SMALL);
    assertThat(status.state()).isEqualTo(JobStatus.State.FAILED);
    assertThat(status.error()).isEqualTo("could not start the render: TooManyRequestsException: Rate exceeded");
    assertThat(refusing.status(SMALL.id())).contains(status);

    assertThat(refusing.submit(SMALL).state()).isEqualTo(JobStatus.State.QUEUED);
    assertThat(attempts).hasSize(1);
    assertThat(fallback).containsExactly(SMALL.id());
  }

  @Test
  void aDoneRecordWhoseResultExpiredIsRenderedAgain() {
    store.write(new JobStatus(SMALL.id(), JobStatus.State.DONE, 100, "https://cdn/timelapse/" + SMALL.fileName(), null),
        clock.get());
    assertThat(jobs.submit(SMALL).state()).isEqualTo(JobStatus.State.QUEUED);
    assertThat(smallLaunches).containsExactly(SMALL.id());
  }

  @Test
  void anUnknownJobHasNoStatus() {
    assertThat(jobs.status("0123456789abcdef0123456789abcdef")).isEmpty();
  }
}
