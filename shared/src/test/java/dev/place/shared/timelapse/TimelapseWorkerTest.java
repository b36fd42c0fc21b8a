package dev.place.shared.timelapse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
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

  /** Where Redis says the canvas is: each tile's last sequence in the full history. */
  private static TileSequences canvasOf(List<PixelEvent> events) {
    Map<TileId, Long> last = events.stream().collect(Collectors.toMap(PixelEvent::tile, PixelEvent::seq, Math::max));
    return tile -> last.getOrDefault(tile, 0L);
  }

  /** The history as a writer that has not yet written the given tile's event {@code seq}. */
  private static MemoryHistory without(List<PixelEvent> events, TileId tile, long seq) {
    return new MemoryHistory(32, events.stream().filter(e -> !(e.tile().equals(tile) && e.seq() == seq)).toList());
  }

  private static TimelapseWorker checkedWorker(HistorySource history, TileSequences canvas, RecordingStore store,
      long maxWaitMillis) {
    return new TimelapseWorker(history, canvas, 0, maxWaitMillis, 32, store, 1, 1_000, System::currentTimeMillis);
  }

  @Test
  void aRenderFromAHistoryThatLacksAnEventEndsFailedWithoutAResultAndTheSameRequestLaterSucceeds(@TempDir Path dir) {
    List<PixelEvent> events = EncodersTest.historyEvents(500);
    TileSequences canvas = canvasOf(events);
    TileId tile = new TileId(1, 0);
    RecordingStore store = new RecordingStore(dir);

    // Two handlers raced: the writer has seq 8 of the tile but not yet seq 7.
    JobStatus lagging = checkedWorker(without(events, tile, 7), canvas, store, 200).run(REQUEST);

    assertThat(lagging.state()).isEqualTo(JobStatus.State.FAILED);
    assertThat(lagging.error()).contains("not complete up to 'to'").contains("tile 1:0").contains("up to 6 of");
    assertThat(store.resultExists(REQUEST.fileName())).isFalse();

    JobStatus caughtUp = checkedWorker(new MemoryHistory(32, events), canvas, store, 200).run(REQUEST);
    assertThat(caughtUp.state()).isEqualTo(JobStatus.State.DONE);
    assertThat(store.resultExists(REQUEST.fileName())).isTrue();
  }

  @Test
  void aHistoryMissingOnlyTheNewestEventOfATileIsNotCompleteEither(@TempDir Path dir) {
    List<PixelEvent> events = EncodersTest.historyEvents(500);
    TileSequences canvas = canvasOf(events);
    TileId tile = new TileId(1, 1);
    RecordingStore store = new RecordingStore(dir);

    JobStatus last = checkedWorker(without(events, tile, canvas.current(tile)), canvas, store, 0).run(REQUEST);

    assertThat(last.state()).isEqualTo(JobStatus.State.FAILED);
    assertThat(last.error()).contains("tile 1:1");
  }

  @Test
  void eventsPlacedAfterToDoNotHaveToBeWrittenYet(@TempDir Path dir) {
    List<PixelEvent> events = new java.util.ArrayList<>(EncodersTest.historyEvents(500));
    TileId tile = new TileId(0, 0);
    long next = canvasOf(events).current(tile) + 1;
    // Placed after 'to' (1000): Redis is already there, the writer is not; the frames cannot change.
    events.add(new PixelEvent(tile, next, 1, 1, 5, "u", 5_000));
    events.add(new PixelEvent(tile, next + 1, 2, 1, 5, "u", 5_001));
    RecordingStore store = new RecordingStore(dir);

    JobStatus last = checkedWorker(without(events, tile, next + 1), canvasOf(events), store, 0).run(REQUEST);

    assertThat(last.state()).isEqualTo(JobStatus.State.DONE);
  }

  @Test
  void aWorkerWaitsForALaggingWriterAndRendersOnceItHasCaughtUp(@TempDir Path dir) throws Exception {
    List<PixelEvent> events = EncodersTest.historyEvents(500);
    MemoryHistory full = new MemoryHistory(32, events);
    MemoryHistory lagging = without(events, new TileId(0, 1), 3);
    AtomicBoolean written = new AtomicBoolean();
    HistorySource catchingUp = new HistorySource() {
      @Override public TileState start(TileId tile, long atMillis) {
        return (written.get() ? full : lagging).start(tile, atMillis);
      }

      @Override public TileEvents events(TileState start, long untilMillis) {
        return (written.get() ? full : lagging).events(start, untilMillis);
      }
    };
    RecordingStore store = new RecordingStore(dir);
    Thread writer = new Thread(() -> {
      try {
        Thread.sleep(700);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      written.set(true);
    });
    writer.start();

    JobStatus last = checkedWorker(catchingUp, canvasOf(events), store, 10_000).run(REQUEST);
    writer.join();

    assertThat(last.state()).isEqualTo(JobStatus.State.DONE);
    assertThat(store.resultExists(REQUEST.fileName())).isTrue();
  }

  @Test
  void aToStillToComeIsRefusedAtOnceAndNothingIsPublished(@TempDir Path dir) {
    long now = System.currentTimeMillis();
    TimelapseRequest future = new TimelapseRequest(new Region(0, 0, 64, 48), now, now + 3_600_000, 25, 40,
        TimelapseRequest.Format.GIF);
    RecordingStore store = new RecordingStore(dir);
    long started = System.nanoTime();

    JobStatus last = checkedWorker(EncodersTest.history(10), tile -> 0, store, 1_000).run(future);

    assertThat(last.state()).isEqualTo(JobStatus.State.FAILED);
    assertThat(last.error()).contains("still to come");
    assertThat(System.nanoTime() - started).isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(1));
    assertThat(store.resultExists(future.fileName())).isFalse();
  }
}
