package dev.place.shared.history;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Writes and reads pixel history. Writes are idempotent: the key contains (tile, seq). */
public final class HistoryStore {

  private final CqlSession session;
  private final PreparedStatement insertByDay;
  private final PreparedStatement insertByPixel;
  private final PreparedStatement selectPixel;
  private final PreparedStatement insertByUser;
  private final PreparedStatement insertBlankCheckpoint;
  private final TileDayEvents dayEvents;

  public HistoryStore(CqlSession session) {
    this.session = session;
    this.dayEvents = new TileDayEvents(session);
    this.insertByDay = session.prepare(
        "INSERT INTO pixel_events_by_day_v2 (day, tile, bucket, seq, x, y, color, user_id, placed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    this.insertByPixel = session.prepare(
        "INSERT INTO pixel_history (x, y, seq, color, user_id, placed_at) VALUES (?, ?, ?, ?, ?, ?)");
    this.selectPixel = session.prepare(
        "SELECT seq, color, user_id, placed_at FROM pixel_history WHERE x = ? AND y = ? LIMIT ?");
    this.insertByUser = session.prepare(
        "INSERT INTO user_placements (user_id, placed_at, tile, seq, x, y, color) VALUES (?, ?, ?, ?, ?, ?, ?)");
    // The seq-0 checkpoint (blank tile) marks the tile's first day, where "as of T" replays start
    // when no later checkpoint exists yet (see TileHistory). The empty blob is bound, not written
    // as the literal 0x: Keyspaces' CQL grammar wants at least one hex digit after 0x.
    this.insertBlankCheckpoint = session.prepare(
        "INSERT INTO tile_checkpoints (tile, seq, at, pixels) VALUES (?, 0, ?, ?)");
  }

  /** The session, for readers of the same keyspace in the same execution environment. */
  public CqlSession session() {
    return session;
  }

  /** Records every event; completes when all are written, fails if any write failed. */
  public void record(List<PixelEvent> events) {
    List<CompletableFuture<AsyncResultSet>> writes = new ArrayList<>(events.size() * 2);
    for (PixelEvent e : events) {
      Instant at = Instant.ofEpochMilli(e.placedAtMillis());
      writes.add(toFuture(session.executeAsync(insertByDay.bind(
          LocalDate.ofInstant(at, ZoneOffset.UTC), e.tile().toString(), EventBuckets.of(e.seq()), e.seq(), e.x(), e.y(), (byte) e.colour(), e.userId(), at))));
      writes.add(toFuture(session.executeAsync(insertByPixel.bind(
          e.x(), e.y(), e.seq(), (byte) e.colour(), e.userId(), at))));
      writes.add(toFuture(session.executeAsync(insertByUser.bind(
          e.userId(), at, e.tile().toString(), e.seq(), e.x(), e.y(), (byte) e.colour()))));
      if (e.seq() == 1) {
        writes.add(toFuture(session.executeAsync(insertBlankCheckpoint.bind(e.tile().toString(), at, java.nio.ByteBuffer.allocate(0)))));
      }
    }
    CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
  }

  /** Placements on one pixel, newest first. */
  public List<PixelEvent> pixel(int x, int y, TileId tile, int limit) {
    List<PixelEvent> result = new ArrayList<>();
    for (Row row : session.execute(selectPixel.bind(x, y, limit))) {
      result.add(new PixelEvent(tile, row.getLong("seq"), x, y, row.getByte("color"), row.getString("user_id"),
          row.getInstant("placed_at").toEpochMilli()));
    }
    return result;
  }

  /** A tile's events of one UTC day, in sequence order. */
  public List<PixelEvent> tileDay(TileId tile, LocalDate day) {
    List<PixelEvent> result = new ArrayList<>(dayEvents.read(tile, day, Long.MIN_VALUE));
    result.sort(java.util.Comparator.comparingLong(PixelEvent::seq));
    return result;
  }

  private static CompletableFuture<AsyncResultSet> toFuture(CompletionStage<AsyncResultSet> stage) {
    return stage.toCompletableFuture();
  }
}
