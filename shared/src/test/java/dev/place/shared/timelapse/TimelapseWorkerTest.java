package dev.place.shared.timelapse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.canvas.TileId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelapseWorkerTest {

  private static final TimelapseRequest REQUEST =
      new TimelapseRequest(new Region(0, 0, 64, 48), 0, 1000, 25, 40, TimelapseRequest.Format.GIF);

  /** Records every status written, in order. */
  private static final class RecordingStore implements JobStore {
    final DirectoryJobStore files;
    final List<JobStatus> written = new ArrayList<>();

    RecordingStore(Path dir) {
      files = new DirectoryJobStore(dir.resolve("results"), dir.resolve("jobs"), "http://cdn/timelapse");
    }

    @Override public boolean resultExists(String fileName) { return files.resultExists(fileName); }
    @Override public String resultUrl(String fileName) { return files.resultUrl(fileName); }
    @Override public void publish(Path file, String fileName, String type) throws java.io.IOException { files.publish(file, fileName, type); }
    @Override public java.util.Optional<StoredJob> read(String id) { return files.read(id); }
    @Override public boolean claim(JobStatus s, String runner, long now, String version) { return files.claim(s, runner, now, version); }
    @Override public synchronized void write(JobStatus s, String runner, long now) { written.add(s); files.write(s, runner, now); }
    @Override public Path scratch(String fileName) throws java.io.IOException { return files.scratch(fileName); }

    synchronized List<JobStatus> written() {
      return List.copyOf(written);
    }
  }

  @Test
  void aWorkerReportsRisingProgressThenPublishesTheResultAndEndsDone(@TempDir Path dir) throws Exception {
    RecordingStore store = new RecordingStore(dir);
    TimelapseWorker worker = new TimelapseWorker(EncodersTest.history(500), 32, store, 1, 1, System::currentTimeMillis);

    JobStatus last = worker.run(REQUEST);

    assertThat(last.state()).isEqualTo(JobStatus.State.DONE);
    assertThat(last.url()).isEqualTo("http://cdn/timelapse/" + REQUEST.fileName());
    assertThat(dir.resolve("results").resolve(REQUEST.fileName())).isNotEmptyFile();
    assertThat(dir.resolve("jobs").resolve(REQUEST.fileName() + ".part")).doesNotExist();
    List<JobStatus> written = store.written();
    assertThat(written.get(0).state()).isEqualTo(JobStatus.State.RUNNING);
    assertThat(written.get(written.size() - 1)).isEqualTo(last);
    List<Integer> running = written.stream().filter(s -> s.state() == JobStatus.State.RUNNING).map(JobStatus::percent).toList();
    assertThat(running).isSorted().allMatch(p -> p < 100);
    assertThat(store.read(REQUEST.id()).orElseThrow().status()).isEqualTo(last);
  }

  @Test
  void aFailedRenderEndsFailedWithTheReasonAndNoLaterHeartbeatOverwritesIt(@TempDir Path dir) throws Exception {
    RecordingStore store = new RecordingStore(dir);
    HistorySource broken = new HistorySource() {
      @Override public TileState start(TileId tile, long atMillis) {
        throw new IllegalStateException("Keyspaces said no");
      }

      @Override public TileEvents events(TileState start, long untilMillis) {
        throw new AssertionError("not reached");
      }
    };
    TimelapseWorker worker = new TimelapseWorker(broken, 32, store, 1, 5, System::currentTimeMillis);

    JobStatus last = worker.run(REQUEST);
    Thread.sleep(30); // several heartbeat periods

    assertThat(last.state()).isEqualTo(JobStatus.State.FAILED);
    assertThat(last.error()).isEqualTo("Keyspaces said no");
    assertThat(store.read(REQUEST.id()).orElseThrow().status()).isEqualTo(last);
    assertThat(store.written().get(store.written().size() - 1)).isEqualTo(last);
    assertThat(store.resultExists(REQUEST.fileName())).isFalse();
    try (var leftovers = Files.list(dir.resolve("jobs"))) {
      assertThat(leftovers.map(p -> p.getFileName().toString())).containsExactly(REQUEST.id() + ".json");
    }
  }

  @Test
  void aSecondDeliveryOfAFinishedJobDoesNotRenderAgain(@TempDir Path dir) throws Exception {
    RecordingStore store = new RecordingStore(dir);
    Path result = dir.resolve("results").resolve(REQUEST.fileName());
    Files.writeString(result, "already rendered");
    HistorySource untouchable = new HistorySource() {
      @Override public TileState start(TileId tile, long atMillis) {
        throw new AssertionError("must not replay");
      }

      @Override public TileEvents events(TileState start, long untilMillis) {
        throw new AssertionError("must not replay");
      }
    };

    JobStatus last = new TimelapseWorker(untouchable, 32, store, 1, 1_000, System::currentTimeMillis).run(REQUEST);

    assertThat(last.state()).isEqualTo(JobStatus.State.DONE);
    assertThat(Files.readString(result)).isEqualTo("already rendered");
    assertThat(store.written()).containsExactly(last);
  }

  @Test
  void aRunThatMakesNoProgressStillRewritesItsRecordOnTheHeartbeat(@TempDir Path dir) throws Exception {
    RecordingStore store = new RecordingStore(dir);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    HistorySource slow = new HistorySource() {
      final MemoryHistory real = EncodersTest.history(10);

      @Override public TileState start(TileId tile, long atMillis) {
        try {
          release.await(); // a long Keyspaces read: no progress to report meanwhile
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return real.start(tile, atMillis);
      }

      @Override public TileEvents events(TileState start, long untilMillis) {
        return real.events(start, untilMillis);
      }
    };
    TimelapseWorker worker = new TimelapseWorker(slow, 32, store, 1, 20, System::currentTimeMillis);
    Thread run = new Thread(() -> worker.run(REQUEST));
    run.start();
    Thread.sleep(150);
    long heartbeats = store.written().stream().filter(s -> s.state() == JobStatus.State.RUNNING && s.percent() == 0).count();
    release.countDown();
    run.join(10_000);

    assertThat(heartbeats).isGreaterThanOrEqualTo(3);
    assertThat(store.read(REQUEST.id()).orElseThrow().status().state()).isEqualTo(JobStatus.State.DONE);
  }
}
