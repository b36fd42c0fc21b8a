package dev.place.shared.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.event.PixelEventCodec;
import dev.place.shared.moderation.RestoreBatches;
import dev.place.shared.placement.EventPublisher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The restore writer's journal semantics with a fake log: an entry is forgotten only once the log
 * acknowledged its event, a late acknowledgement still forgets it, an unacknowledged or failed one stays
 * journaled for the relay; and a pipelined batch sends every event before it waits for any.
 */
class RedisRestoreWriterTest {

  private static final TileId TILE = new TileId(2, 3);
  private static final int TILE_SIZE = 256;
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);

  /** The restore script's stand-in: restores get sequences from 100 on, except those listed as raced; the journal is a set. */
  static final class FakeTiles implements RedisRestoreWriter.Tiles {
    final Set<Long> journal = Collections.synchronizedSet(new TreeSet<>());
    final Set<Integer> racedIndexes = new TreeSet<>();
    long next = 100;

    @Override
    public long[] writeRestores(TileId tile, int[] indexes, int[] colours, long[] expectedSeqs, String eventPrefix,
        String[] eventSuffixes) {
      long[] seqs = new long[indexes.length];
      for (int i = 0; i < indexes.length; i++) {
        if (!racedIndexes.contains(indexes[i])) {
          seqs[i] = next++;
          journal.add(seqs[i]);
        }
      }
      return seqs;
    }

    @Override
    public void forgetJournaledLater(TileId tile, long seq) {
      journal.remove(seq);
    }
  }

  /** A log whose acknowledgements the test hands out: each send answers a future the test completes. */
  static class ManualLog implements EventPublisher {
    final List<PixelEvent> sent = Collections.synchronizedList(new ArrayList<>());
    final List<CompletableFuture<Boolean>> pending = Collections.synchronizedList(new ArrayList<>());
    /** How many sends found the writer had already waited on an earlier event of the batch. */
    final java.util.concurrent.atomic.AtomicInteger sendsAfterAWait = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicBoolean waited = new java.util.concurrent.atomic.AtomicBoolean();
    int blockingPublishes;

    @Override
    public boolean publish(TileId tile, String eventJson, Duration timeout) {
      blockingPublishes++;
      throw new AssertionError("a pipelined writer must not publish one by one");
    }

    @Override
    public CompletableFuture<Boolean> send(TileId tile, String eventJson, Duration timeout) {
      if (waited.get()) {
        sendsAfterAWait.incrementAndGet();
      }
      sent.add(PixelEventCodec.decode(eventJson));
      CompletableFuture<Boolean> ack = new CompletableFuture<>() {
        @Override
        public Boolean get(long timeout, java.util.concurrent.TimeUnit unit)
            throws InterruptedException, java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
          waited.set(true);
          return super.get(timeout, unit);
        }

        @Override
        public Boolean get() throws InterruptedException, java.util.concurrent.ExecutionException {
          waited.set(true);
          return super.get();
        }

        @Override
        public Boolean join() {
          waited.set(true);
          return super.join();
        }
      };
      pending.add(ack);
      return ack;
    }
  }

  private static RestoreBatches.Batch batch(int... indexes) {
    int[] colours = new int[indexes.length];
    long[] expected = new long[indexes.length];
    for (int i = 0; i < indexes.length; i++) {
      colours[i] = 1 + i % 15;
      expected[i] = 7;
    }
    return new RestoreBatches.Batch(TILE, indexes, colours, expected);
  }

  private static RedisRestoreWriter writer(FakeTiles tiles, EventPublisher log, Duration timeout,
      RedisRestoreWriter.Publishing publishing) {
    return new RedisRestoreWriter(tiles, log, TILE_SIZE, timeout, CLOCK, publishing);
  }

  @Test
  void aPipelinedBatchSendsEveryEventBeforeWaitingAndForgetsEachJournalEntryOnItsAcknowledgement() {
    FakeTiles tiles = new FakeTiles();
    // Acknowledges everything only once the third event was sent: a writer that waited for the first
    // before sending the second would time out on it and leave the whole batch journaled.
    ManualLog log = new ManualLog() {
      @Override
      public CompletableFuture<Boolean> send(TileId tile, String eventJson, Duration timeout) {
        CompletableFuture<Boolean> ack = super.send(tile, eventJson, timeout);
        if (sent.size() == 3) {
          pending.forEach(f -> f.complete(true));
        }
        return ack;
      }
    };

    int written = writer(tiles, log, Duration.ofMillis(200), RedisRestoreWriter.Publishing.PIPELINED)
        .write(batch(0, 257, 65535), "act-1");

    assertThat(written).isEqualTo(3);
    assertThat(log.sent).extracting(PixelEvent::seq).containsExactly(100L, 101L, 102L);
    assertThat(log.sent.get(1)).isEqualTo(new PixelEvent(TILE, 101, 2 * TILE_SIZE + 1, 3 * TILE_SIZE + 1, 2,
        RedisRestoreWriter.RESTORE_USER, CLOCK.millis(), "act-1"));
    assertThat(log.sendsAfterAWait).as("no event sent after the writer began to wait").hasValue(0);
    assertThat(log.waited).isTrue();
    assertThat(tiles.journal).as("every acknowledged restore forgotten").isEmpty();
    assertThat(log.blockingPublishes).isZero();
  }

  @Test
  void anUnacknowledgedRestoreStaysJournaledAndALateAcknowledgementStillForgetsIt() {
    FakeTiles tiles = new FakeTiles();
    ManualLog log = new ManualLog() {
      @Override
      public CompletableFuture<Boolean> send(TileId tile, String eventJson, Duration timeout) {
        CompletableFuture<Boolean> ack = super.send(tile, eventJson, timeout);
        if (sent.size() == 1) {
          ack.complete(true); // the first in time, the other two not
        }
        return ack;
      }
    };

    int written = writer(tiles, log, Duration.ofMillis(50), RedisRestoreWriter.Publishing.PIPELINED)
        .write(batch(10, 11, 12), "act-2");

    assertThat(written).as("written to the canvas, whatever the log said").isEqualTo(3);
    assertThat(tiles.journal).as("left for the journal relay").containsExactly(101L, 102L);

    log.pending.get(1).complete(true); // acknowledged after the writer stopped waiting
    assertThat(tiles.journal).containsExactly(102L);

    log.pending.get(2).complete(false); // the producer gave up on it for good
    assertThat(tiles.journal).as("a failed publish stays for the relay").containsExactly(102L);
  }

  @Test
  void restoresTheScriptSkippedAsRacedAreNeitherCountedNorPublished() {
    FakeTiles tiles = new FakeTiles();
    tiles.racedIndexes.add(11);
    ManualLog log = new ManualLog() {
      @Override
      public CompletableFuture<Boolean> send(TileId tile, String eventJson, Duration timeout) {
        CompletableFuture<Boolean> ack = super.send(tile, eventJson, timeout);
        ack.complete(true);
        return ack;
      }
    };

    int written = writer(tiles, log, Duration.ofMillis(50), RedisRestoreWriter.Publishing.PIPELINED)
        .write(batch(10, 11, 12), "act-3");

    assertThat(written).isEqualTo(2);
    assertThat(log.sent).extracting(PixelEvent::x).containsExactly(2 * TILE_SIZE + 10, 2 * TILE_SIZE + 12);
    assertThat(tiles.journal).isEmpty();
  }

  @Test
  void anInterruptedWaitLeavesTheUnacknowledgedRestoresJournaledAndKeepsTheInterrupt() {
    FakeTiles tiles = new FakeTiles();
    ManualLog log = new ManualLog();
    Thread.currentThread().interrupt();
    int written;
    try {
      written = writer(tiles, log, Duration.ofSeconds(30), RedisRestoreWriter.Publishing.PIPELINED)
          .write(batch(1, 2), "act-4");
    } finally {
      assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
    }
    assertThat(written).isEqualTo(2);
    assertThat(tiles.journal).containsExactly(100L, 101L);
    log.pending.forEach(f -> f.complete(true));
    assertThat(tiles.journal).isEmpty();
  }

  /** The log as the placement path sees it: a blocking publish that answers in time or not, and may report a late ack. */
  static final class BlockingLog implements EventPublisher {
    final List<Long> published = new ArrayList<>();
    final List<Runnable> lateAcknowledgements = new ArrayList<>();
    final Set<Long> acknowledgedInTime = new TreeSet<>();

    @Override
    public boolean publish(TileId tile, String eventJson, Duration timeout) {
      throw new AssertionError("the writer passes a late acknowledgement");
    }

    @Override
    public boolean publish(TileId tile, String eventJson, Duration timeout, Runnable lateAcknowledgement) {
      long seq = PixelEventCodec.decode(eventJson).seq();
      published.add(seq);
      if (acknowledgedInTime.contains(seq)) {
        return true;
      }
      lateAcknowledgements.add(lateAcknowledgement);
      return false;
    }

    @Override
    public CompletableFuture<Boolean> send(TileId tile, String eventJson, Duration timeout) {
      throw new AssertionError("a one-by-one writer must not send asynchronously");
    }
  }

  @Test
  void oneByOnePublishingKeepsTheSameJournalSemantics() {
    FakeTiles tiles = new FakeTiles();
    BlockingLog log = new BlockingLog();
    log.acknowledgedInTime.add(100L);

    int written = writer(tiles, log, Duration.ofMillis(50), RedisRestoreWriter.Publishing.ONE_BY_ONE)
        .write(batch(5, 6, 7), "act-5");

    assertThat(written).isEqualTo(3);
    assertThat(log.published).containsExactly(100L, 101L, 102L);
    assertThat(tiles.journal).containsExactly(101L, 102L);
    log.lateAcknowledgements.get(0).run();
    assertThat(tiles.journal).containsExactly(102L);
  }

  @Test
  void aPublisherWithoutAsynchronousSendIsPipelinedThroughItsBlockingPublishWithTheSameSemantics() {
    FakeTiles tiles = new FakeTiles();
    BlockingLog blocking = new BlockingLog();
    blocking.acknowledgedInTime.add(101L);
    // Only the blocking methods: send is the interface's default, which publishes on the caller's thread.
    EventPublisher log = new EventPublisher() {
      @Override
      public boolean publish(TileId tile, String eventJson, Duration timeout) {
        return blocking.publish(tile, eventJson, timeout);
      }

      @Override
      public boolean publish(TileId tile, String eventJson, Duration timeout, Runnable late) {
        return blocking.publish(tile, eventJson, timeout, late);
      }
    };

    int written = writer(tiles, log, Duration.ofMillis(20), RedisRestoreWriter.Publishing.PIPELINED)
        .write(batch(5, 6), "act-6");

    assertThat(written).isEqualTo(2);
    assertThat(tiles.journal).containsExactly(100L);
    blocking.lateAcknowledgements.get(0).run();
    assertThat(tiles.journal).isEmpty();
  }

  @Test
  void thePublishingSettingAcceptsOnlyItsTwoValues() {
    assertThat(RedisRestoreWriter.Publishing.parse("pipelined")).isEqualTo(RedisRestoreWriter.Publishing.PIPELINED);
    assertThat(RedisRestoreWriter.Publishing.parse(" One-By-One ")).isEqualTo(RedisRestoreWriter.Publishing.ONE_BY_ONE);
    assertThatThrownBy(() -> RedisRestoreWriter.Publishing.parse("batched"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(RedisRestoreWriter.PUBLISHING_PROPERTY).hasMessageContaining("pipelined or one-by-one");
  }
}
