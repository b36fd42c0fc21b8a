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

class LocalTimelapseJobsTest {

  private static final CanvasGeometry CANVAS = new CanvasGeometry(64, 64, 32);

  private static TimelapseRequest request(String format) {
    return TimelapseRequest.parse(Map.of("x", "0", "y", "0", "w", "64", "h", "48", "from", "0", "to", "1000",
        "frames", "50", "fps", "25", "format", format), CANVAS, 5000);
  }

  @Test
  void aJobReportsProgressThenTheResultUrlAndTheSameRequestReusesTheFile(@TempDir Path dir) throws Exception {
    try (LocalTimelapseJobs jobs = new LocalTimelapseJobs(dir, dir.resolve("jobs"), "http://cdn/timelapse/", EncodersTest.history(1500), 32, 2)) {
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
    try (LocalTimelapseJobs restarted = new LocalTimelapseJobs(dir, dir.resolve("jobs"), "http://cdn/timelapse", EncodersTest.history(10), 32, 1)) {
      assertThat(restarted.status(request("mp4").id()).orElseThrow().state()).isEqualTo(JobStatus.State.DONE);
      assertThat(restarted.status("0123456789abcdef0123456789abcdef")).isEmpty();
    }
  }

  @Test
  void aJobInterruptedByARestartIsReportedFailedAndTheSameRequestRendersIt(@TempDir Path dir) throws Exception {
    TimelapseRequest request = request("gif");
    // What a local cloud killed mid-render leaves behind: a running record and no result.
    new DirectoryJobStore(dir, dir.resolve("jobs"), "http://cdn/t")
        .write(new JobStatus(request.id(), JobStatus.State.RUNNING, 37, null, null), System.currentTimeMillis());
    try (LocalTimelapseJobs jobs = new LocalTimelapseJobs(dir, dir.resolve("jobs"), "http://cdn/t", EncodersTest.history(300), 32, 1)) {
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
    try (LocalTimelapseJobs jobs = new LocalTimelapseJobs(dir, dir.resolve("jobs"), "http://cdn/t", EncodersTest.history(300), 32, 1)) {
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

  @Test
  void requestsAreContentAddressed() {
    assertThat(request("mp4").id()).isEqualTo(request("mp4").id()).hasSize(32);
    assertThat(request("gif").id()).isNotEqualTo(request("mp4").id());
  }

  @Test
  void lengthCanBeGivenAsFramesSecondsOrSpeed() {
    Map<String, String> base = Map.of("from", "2026-11-28T08:00:00Z", "to", "2026-11-28T09:00:00Z");
    assertThat(parse(base, "seconds", "20").frames()).isEqualTo(600);
    assertThat(parse(base, "speed", "360").frames()).isEqualTo(301); // 3600 s / 360 = 10 s × 30 fps, + the first frame
    assertThat(parse(base, "frames", "7").frames()).isEqualTo(7);
    assertThat(TimelapseRequest.parse(base, CANVAS, 0).frames()).isEqualTo(300); // default 10 s at 30 fps
  }

  @Test
  void badRequestsAreRejectedWithAReason() {
    assertThatThrownBy(() -> TimelapseRequest.parse(Map.of("to", "5"), CANVAS, 0)).hasMessageContaining("from");
    assertThatThrownBy(() -> TimelapseRequest.parse(Map.of("from", "10", "to", "5"), CANVAS, 0)).hasMessageContaining("before");
    assertThatThrownBy(() -> TimelapseRequest.parse(Map.of("from", "0", "w", "65"), CANVAS, 0)).hasMessageContaining("outside");
    assertThatThrownBy(() -> TimelapseRequest.parse(Map.of("from", "yesterday"), CANVAS, 0)).hasMessageContaining("ISO-8601");
    assertThatThrownBy(() -> TimelapseRequest.parse(Map.of("from", "0", "frames", "99999"), CANVAS, 0)).hasMessageContaining("frames");
    assertThatThrownBy(() -> TimelapseRequest.parse(Map.of("from", "0", "frames", "3", "seconds", "1"), CANVAS, 0))
        .hasMessageContaining("one of");
  }

  private static TimelapseRequest parse(Map<String, String> base, String key, String value) {
    Map<String, String> q = new java.util.HashMap<>(base);
    q.put(key, value);
    return TimelapseRequest.parse(q, CANVAS, 0);
  }
}
