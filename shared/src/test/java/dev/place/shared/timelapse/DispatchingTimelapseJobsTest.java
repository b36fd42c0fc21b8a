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
  void aJobThatCannotBeStartedIsFailedWithTheReasonAndTheNextRequestTriesAgain() {
    List<String> attempts = new CopyOnWriteArrayList<>();
    DispatchingTimelapseJobs refusing = new DispatchingTimelapseJobs(store, r -> {
      attempts.add(r.id());
      throw new IllegalStateException("TooManyRequestsException: Rate exceeded");
    }, r -> { }, Long.MAX_VALUE, clock::get);

    JobStatus status = refusing.submit(SMALL);
    assertThat(status.state()).isEqualTo(JobStatus.State.FAILED);
    assertThat(status.error()).isEqualTo("could not start the render: TooManyRequestsException: Rate exceeded");
    assertThat(refusing.status(SMALL.id())).contains(status);

    refusing.submit(SMALL);
    assertThat(attempts).hasSize(2);
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
