package dev.place.shared.timelapse.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.timelapse.DispatchingTimelapseJobs;
import dev.place.shared.timelapse.JobLauncher;
import dev.place.shared.timelapse.JobStatus;
import dev.place.shared.timelapse.Region;
import dev.place.shared.timelapse.StoredJob;
import dev.place.shared.timelapse.TimelapseRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/** The real dispatcher over the real S3 store, against an in-memory bucket: what keeps one render per request. */
class S3DispatchingTimelapseJobsTest {

  private static final long SMALL_LIMIT = 64L * 48 * 10;

  static final class RecordingLauncher implements JobLauncher {
    final List<TimelapseRequest> launched = new CopyOnWriteArrayList<>();

    @Override
    public void launch(TimelapseRequest request) {
      launched.add(request);
    }
  }

  private final FakeS3 s3 = new FakeS3();
  private final S3JobStore store = new S3JobStore(s3, S3JobStoreTest.BUCKET, S3JobStoreTest.BASE_URL);
  private final RecordingLauncher small = new RecordingLauncher();
  private final RecordingLauncher large = new RecordingLauncher();
  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final DispatchingTimelapseJobs jobs = new DispatchingTimelapseJobs(store, small, large, SMALL_LIMIT, clock::get);

  private static TimelapseRequest request() {
    return S3JobStoreTest.request(TimelapseRequest.Format.MP4); // 64 × 48 × 10 pixel-frames: small
  }

  @Test
  void theSameRequestTwiceIsLaunchedOnce() {
    JobStatus first = jobs.submit(request());
    clock.addAndGet(1_000);
    JobStatus second = jobs.submit(request());

    assertThat(first.state()).isEqualTo(JobStatus.State.QUEUED);
    assertThat(second).isEqualTo(first);
    assertThat(small.launched).containsExactly(request());
    assertThat(large.launched).isEmpty();
    StoredJob stored = store.read(request().id()).orElseThrow();
    assertThat(stored.status().state()).isEqualTo(JobStatus.State.QUEUED);
    assertThat(stored.updatedAtMillis()).isEqualTo(1_000_000);
  }

  @Test
  void jobsGoToTheSmallOrLargeLauncherByPixelFrames() {
    TimelapseRequest big = new TimelapseRequest(new Region(0, 0, 64, 48), 0, 1000, 10, 11, TimelapseRequest.Format.MP4);
    jobs.submit(request());
    jobs.submit(big);
    assertThat(small.launched).containsExactly(request());
    assertThat(large.launched).containsExactly(big);
  }

  @Test
  void twoDispatchersRacingOnTheSameRequestLaunchOneRender() throws Exception {
    // Both read "no record", then both try to create it: S3's If-None-Match lets exactly one win.
    CyclicBarrier bothAboutToClaim = new CyclicBarrier(2);
    s3.beforeConditionalPut(() -> {
      try {
        bothAboutToClaim.await(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("the two submits did not both reach the claim", e);
      }
    });
    DispatchingTimelapseJobs other = new DispatchingTimelapseJobs(
        new S3JobStore(s3, S3JobStoreTest.BUCKET, S3JobStoreTest.BASE_URL), small, large, SMALL_LIMIT, clock::get);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<JobStatus> a = threads.submit(() -> {
        start.await();
        return jobs.submit(request());
      });
      Future<JobStatus> b = threads.submit(() -> {
        start.await();
        return other.submit(request());
      });
      start.countDown();
      JobStatus first = a.get(10, TimeUnit.SECONDS);
      JobStatus second = b.get(10, TimeUnit.SECONDS);

      assertThat(small.launched).containsExactly(request());
      assertThat(first.state()).isEqualTo(JobStatus.State.QUEUED);
      assertThat(second).isEqualTo(first);
      assertThat(s3.calls().stream().filter(c -> c.startsWith("PUT ")).count()).isEqualTo(2); // one won, one was refused
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aRunningRecordThatStoppedChangingIsReportedFailedAndTheNextSubmitRestartsIt() {
    String id = request().id();
    jobs.submit(request());
    store.write(new JobStatus(id, JobStatus.State.RUNNING, 40, null, null), clock.get()); // the worker's last heartbeat

    clock.addAndGet(DispatchingTimelapseJobs.RUNNING_STALE_MILLIS - 1);
    assertThat(jobs.status(id).orElseThrow().state()).isEqualTo(JobStatus.State.RUNNING);
    assertThat(jobs.submit(request()).state()).isEqualTo(JobStatus.State.RUNNING);
    assertThat(small.launched).hasSize(1);

    clock.addAndGet(2);
    JobStatus stale = jobs.status(id).orElseThrow();
    assertThat(stale.state()).isEqualTo(JobStatus.State.FAILED);
    assertThat(stale.percent()).isEqualTo(40);
    assertThat(stale.error()).contains("stopped responding").contains("request the same timelapse again");

    JobStatus restarted = jobs.submit(request());
    assertThat(restarted.state()).isEqualTo(JobStatus.State.QUEUED);
    assertThat(small.launched).hasSize(2);
    StoredJob stored = store.read(id).orElseThrow();
    assertThat(stored.status().state()).isEqualTo(JobStatus.State.QUEUED);
    assertThat(stored.updatedAtMillis()).isEqualTo(clock.get());
  }

  @Test
  void aQueuedJobIsGivenFifteenMinutesToStartBeforeItCountsAsDead() {
    String id = request().id();
    jobs.submit(request());
    clock.addAndGet(DispatchingTimelapseJobs.QUEUED_STALE_MILLIS - 1);
    assertThat(jobs.status(id).orElseThrow().state()).isEqualTo(JobStatus.State.QUEUED);
    clock.addAndGet(1);
    assertThat(jobs.status(id).orElseThrow().state()).isEqualTo(JobStatus.State.FAILED);
    jobs.submit(request());
    // The Lambda never started it: the restart goes to the ECS launcher.
    assertThat(small.launched).hasSize(1);
    assertThat(large.launched).hasSize(1);
  }

  @Test
  void aFinishedResultIsAnsweredWithoutALaunchEvenAfterItsRecordExpired() {
    s3.put(S3JobStoreTest.BUCKET, "timelapse/" + request().fileName(), new byte[] {1}, "video/mp4");

    JobStatus submitted = jobs.submit(request());
    assertThat(submitted.state()).isEqualTo(JobStatus.State.DONE);
    assertThat(submitted.url()).isEqualTo(S3JobStoreTest.BASE_URL + "/" + request().fileName());
    assertThat(jobs.status(request().id()).orElseThrow()).isEqualTo(submitted);
    assertThat(small.launched).isEmpty();
    assertThat(jobs.status("0123456789abcdef0123456789abcdef")).isEmpty();
  }

  @Test
  void aLambdaThatDoesNotAcceptTheJobLeavesAFailedRecordWithTheReason() {
    LambdaClient refusing = new LambdaClient() {
      @Override
      public InvokeResponse invoke(InvokeRequest request) {
        return InvokeResponse.builder().statusCode(500).payload(SdkBytes.fromUtf8String("")).build();
      }

      @Override
      public String serviceName() {
        return SERVICE_NAME;
      }

      @Override
      public void close() {}
    };
    DispatchingTimelapseJobs withLambda = new DispatchingTimelapseJobs(store, new LambdaJobLauncher(refusing, "worker"),
        large, SMALL_LIMIT, clock::get);

    JobStatus failed = withLambda.submit(request());
    assertThat(failed.state()).isEqualTo(JobStatus.State.FAILED);
    assertThat(failed.error()).contains("could not start the render").contains("500");
    assertThat(store.read(request().id()).orElseThrow().status()).isEqualTo(failed);

    // A FAILED record is not alive: the same request tries again (and here fails again).
    clock.addAndGet(1);
    withLambda.submit(request());
    assertThat(store.read(request().id()).orElseThrow().updatedAtMillis()).isEqualTo(clock.get());
  }
}
