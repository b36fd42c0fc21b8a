package dev.place.shared.timelapse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.place.shared.canvas.CanvasGeometry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dispatcher and the worker over a {@link DirectoryJobStore}, the worker on a thread: the local
 * cloud's flow without the emulated Lambda API in between (which PlaceCliIT and
 * HistoryAndTimelapseIT cover).
 */
class DirectoryTimelapseJobsTest {

  private static final CanvasGeometry CANVAS = new CanvasGeometry(64, 64, 32);

  /** The local runner of old, assembled from the parts: one job at a time on a background thread. */
  private static final class ThreadJobs implements TimelapseJobs, AutoCloseable {
    private final java.util.concurrent.ExecutorService thread = java.util.concurrent.Executors.newSingleThreadExecutor();
    private final DispatchingTimelapseJobs jobs;

    ThreadJobs(Path dir, String baseUrl, HistorySource history, int threads) {
      DirectoryJobStore store = new DirectoryJobStore(dir, dir.resolve("jobs"), baseUrl);
      TimelapseWorker worker = new TimelapseWorker(history, 32, store, threads, 2_000, System::currentTimeMillis);
      JobLauncher launcher = request -> thread.execute(() -> worker.run(request));
      jobs = new DispatchingTimelapseJobs(store, launcher, launcher, Long.MAX_VALUE, System::currentTimeMillis);
    }

    @Override
    public JobStatus submit(TimelapseRequest request) {
      return jobs.submit(request);
    }

    @Override
    public java.util.Optional<JobStatus> status(String id) {
      return jobs.status(id);
    }

    @Override
    public void close() {
      thread.shutdownNow();
    }
  }

  private static TimelapseRequest request(String format) {
    return TimelapseRequest.parse(Map.of("x", "0", "y", "0", "w", "64", "h", "48", "from", "0", "to", "1000",
        "frames", "50", "fps", "25", "format", format), CANVAS, 5000);
  }

  @Test
  void aJobReportsProgressThenTheResultUrlAndTheSameRequestReusesTheFile(@TempDir Path dir) throws Exception {
    try (ThreadJobs jobs = new ThreadJobs(dir, "http://cdn/timelapse/", EncodersTest.history(1500), 2)) {
      TimelapseRequest request = request("mp4");
      JobStatus submitted = jobs.submit(request);
      assertThat(submitted.id()).isEqualTo(request.id());
      List<Integer> seen = new ArrayList<>();
      JobStatus status = submitted;
      long deadline = System.currentTimeMillis() + 30_000;
      while (status.state() != JobStatus.State.DONE && System.currentTimeMillis() < deadline) {
        assertThat(status.state()).isNotEqualTo(JobStatus.State.FAILED);
        seen.add(status.percent());
        Thread.sleep(2);
        status = jobs.status(request.id()).orElseThrow();
      }
      assertThat(status.state()).isEqualTo(JobStatus.State.DONE);
      assertThat(status.percent()).isEqualTo(100);
      assertThat(status.url()).isEqualTo("http://cdn/timelapse/" + request.id() + ".mp4");
      assertThat(seen).isSorted(); // percent never goes back
      Path file = dir.resolve(request.id() + ".mp4");
      assertThat(file).exists();
      assertThat(dir.resolve("jobs").resolve(request.id() + ".mp4.part")).doesNotExist();

      FileTime before = FileTime.fromMillis(1_000);
      Files.setLastModifiedTime(file, before);
      JobStatus again = jobs.submit(request("mp4"));
      assertThat(again.state()).isEqualTo(JobStatus.State.DONE);
      assertThat(again.url()).isEqualTo(status.url());
      Thread.sleep(50);
      assertThat(Files.getLastModifiedTime(file)).isEqualTo(before); // not rendered again
    }
    // A new runner (a restart) still knows the finished result from the file alone.
    try (ThreadJobs restarted = new ThreadJobs(dir, "http://cdn/timelapse", EncodersTest.history(10), 1)) {
      assertThat(restarted.status(request("mp4").id()).orElseThrow().state()).isEqualTo(JobStatus.State.DONE);
      assertThat(restarted.status("0123456789abcdef0123456789abcdef")).isEmpty();
    }
  }

  @Test
  void aJobInterruptedByARestartIsReportedFailedAndTheSameRequestRendersIt(@TempDir Path dir) throws Exception {
    TimelapseRequest request = request("gif");
    DirectoryJobStore store = new DirectoryJobStore(dir, dir.resolve("jobs"), "http://cdn/t");
    // What a local cloud killed mid-render leaves behind: a running record and no result; and a finished job.
    store.write(new JobStatus(request.id(), JobStatus.State.RUNNING, 37, null, null), "small", System.currentTimeMillis());
    JobStatus finished = new JobStatus("0123456789abcdef0123456789abcdef", JobStatus.State.DONE, 100, "http://cdn/t/x.gif", null);
    store.write(finished, System.currentTimeMillis());

    // What the local cloud does at start.
    assertThat(store.failUnfinished("interrupted by a restart of the local cloud", System.currentTimeMillis())).isEqualTo(1);

    assertThat(store.read(finished.id()).orElseThrow().status()).isEqualTo(finished);
    assertThat(store.read(request.id()).orElseThrow().runner()).isEqualTo("small");
    try (ThreadJobs jobs = new ThreadJobs(dir, "http://cdn/t", EncodersTest.history(300), 1)) {
      JobStatus interrupted = jobs.status(request.id()).orElseThrow();
      assertThat(interrupted.state()).isEqualTo(JobStatus.State.FAILED);
      assertThat(interrupted.error()).contains("restart");

      jobs.submit(request);
      long deadline = System.currentTimeMillis() + 30_000;
      while (jobs.status(request.id()).orElseThrow().state() != JobStatus.State.DONE && System.currentTimeMillis() < deadline) {
        Thread.sleep(5);
      }
      assertThat(jobs.status(request.id()).orElseThrow().state()).isEqualTo(JobStatus.State.DONE);
      assertThat(dir.resolve(request.fileName())).isNotEmptyFile();
    }
  }

  @Test
  void aGifJobForASmallRegionEndsInALoopingGif(@TempDir Path dir) throws Exception {
    try (ThreadJobs jobs = new ThreadJobs(dir, "http://cdn/t", EncodersTest.history(300), 1)) {
      TimelapseRequest request = request("gif");
      jobs.submit(request);
      long deadline = System.currentTimeMillis() + 30_000;
      while (jobs.status(request.id()).orElseThrow().state() != JobStatus.State.DONE && System.currentTimeMillis() < deadline) {
        assertThat(jobs.status(request.id()).orElseThrow().state()).isNotEqualTo(JobStatus.State.FAILED);
        Thread.sleep(5);
      }
      assertThat(jobs.status(request.id()).orElseThrow().url()).isEqualTo("http://cdn/t/" + request.id() + ".gif");
      javax.imageio.ImageReader reader = javax.imageio.ImageIO.getImageReadersByFormatName("gif").next();
      try (var in = javax.imageio.ImageIO.createImageInputStream(dir.resolve(request.id() + ".gif").toFile())) {
        reader.setInput(in);
        assertThat(reader.getNumImages(true)).isEqualTo(50);
      }
    }
  }
}
