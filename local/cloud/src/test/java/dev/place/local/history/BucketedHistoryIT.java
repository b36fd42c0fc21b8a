package dev.place.local.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.place.local.it.SharedCloud;
import dev.place.shared.canvas.TileId;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.history.CassandraSessions;
import dev.place.shared.history.EventBuckets;
import dev.place.shared.history.HistoryCheck;
import dev.place.shared.history.HistoryStore;
import dev.place.shared.history.TileHistory;
import dev.place.shared.timelapse.TileEvents;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bucketed audit table on real Cassandra: a tile's events spread over every bucket read back
 * exactly (no loss, no duplicate, in seq order) by each reader, and writing them again changes
 * nothing. Writes straight through HistoryStore to tiles far outside the canvas, which no other
 * test touches, so it can share the local cloud.
 */
class BucketedHistoryIT {

  private static final TileId TILE = new TileId(900, 901);
  private static final TileId REPLAYED = new TileId(900, 902);
  /** More than two rounds over the buckets, and not a multiple of their count. */
  private static final int EVENTS = EventBuckets.COUNT * 2 + 17;

  private static PlaceConfig config;
  private static CqlSession session;
  private static HistoryStore store;

  @BeforeAll
  static void open() {
    config = SharedCloud.get().config();
    session = CassandraSessions.open(config);
    store = new HistoryStore(session);
  }

  @AfterAll
  static void close() {
    if (session != null) { // null when the shared cloud failed to start: report that, not this
      session.close();
    }
  }

  /**
   * As the event source mapping does: a batch that failed (a write timeout on this shared, loaded
   * machine) is written again whole, which the idempotent keys make harmless.
   */
  private static void record(List<PixelEvent> batch) {
    for (int attempt = 1; ; attempt++) {
      try {
        store.record(batch);
        return;
      } catch (RuntimeException e) {
        if (attempt == 5) {
          throw e;
        }
      }
    }
  }

  private static List<PixelEvent> events(TileId tile, long startMillis) {
    int ts = config.tileSize();
    Random random = new Random(7);
    List<PixelEvent> events = new ArrayList<>();
    for (long seq = 1; seq <= EVENTS; seq++) {
      events.add(new PixelEvent(tile, seq, tile.tx() * ts + random.nextInt(ts), tile.ty() * ts + random.nextInt(ts),
          random.nextInt(16), "guest-bucket-it-" + (seq % 5), startMillis + seq));
    }
    return events;
  }

  @Test
  void aTilesDayReadsBackExactlyWhatWasWrittenAcrossAllBucketsInSequenceOrder() {
    long start = System.currentTimeMillis() - 10_000;
    List<PixelEvent> written = events(TILE, start);
    List<PixelEvent> shuffled = new ArrayList<>(written);
    Collections.shuffle(shuffled, new Random(3)); // out of order, as several batches would deliver them
    record(shuffled);

    LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(start + EVENTS), ZoneOffset.UTC);
    List<PixelEvent> read = new ArrayList<>();
    // The events may straddle midnight UTC: read both days.
    read.addAll(store.tileDay(TILE, day.minusDays(1)));
    read.addAll(store.tileDay(TILE, day));
    assertThat(read).containsExactlyElementsOf(written);

    long partitions = session.execute(SimpleStatement.newInstance(
        "SELECT DISTINCT day, tile, bucket FROM pixel_events_by_day_v2")).all().stream()
        .filter(r -> r.getString("tile").equals(TILE.toString())).count();
    assertThat(partitions).as("one partition per bucket used").isGreaterThanOrEqualTo(EventBuckets.COUNT);

    TileHistory history = new TileHistory(session, config.tileSize());
    TileEvents replay = history.events(history.start(TILE, Long.MAX_VALUE), System.currentTimeMillis());
    assertThat(replay.size()).isEqualTo(EVENTS);
    for (int i = 0; i < replay.size(); i++) {
      PixelEvent e = written.get(i);
      assertThat(List.of(replay.seq(i), (long) replay.x(i), (long) replay.y(i), (long) replay.colour(i), replay.at(i)))
          .containsExactly(e.seq(), (long) e.x(), (long) e.y(), (long) e.colour(), e.placedAtMillis());
    }

    HistoryCheck check = new HistoryCheck();
    check.addFromKafka(written);
    assertThat(check.compare(session)).allSatisfy(dayTile -> assertThat(dayTile.missing()).isZero());
  }

  @Test
  void writingTheSameEventsAgainLeavesTheSameRowsAndACheckFindsAMissingOne() {
    long start = System.currentTimeMillis() - 20_000;
    List<PixelEvent> written = events(REPLAYED, start);
    record(written.subList(0, EVENTS / 2));
    record(written); // a retried batch: Kafka redelivers what was already written
    record(written);

    LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(start + EVENTS), ZoneOffset.UTC);
    List<PixelEvent> read = new ArrayList<>(store.tileDay(REPLAYED, day.minusDays(1)));
    read.addAll(store.tileDay(REPLAYED, day));
    assertThat(read).containsExactlyElementsOf(written);

    HistoryCheck check = new HistoryCheck();
    List<PixelEvent> withOneMore = new ArrayList<>(written);
    withOneMore.add(new PixelEvent(REPLAYED, EVENTS + 1, written.get(0).x(), written.get(0).y(), 3, "guest-x", start + EVENTS));
    check.addFromKafka(withOneMore);
    assertThat(check.compare(session).stream().flatMap(d -> d.missingSeqs().stream())).containsExactly((long) EVENTS + 1);
  }
}
