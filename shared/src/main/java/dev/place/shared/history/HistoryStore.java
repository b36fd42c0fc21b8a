package dev.place.shared.history;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

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
        "INSERT INTO pixel_events_by_day_v2 (day, tile, bucket, seq, x, y, color, user_id, placed_at, moderation_action) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    this.insertByPixel = session.prepare(
        "INSERT INTO pixel_history (x, y, seq, color, user_id, placed_at, moderation_action) VALUES (?, ?, ?, ?, ?, ?, ?)");
    this.selectPixel = session.prepare(
        "SELECT seq, color, user_id, placed_at, moderation_action FROM pixel_history WHERE x = ? AND y = ? LIMIT ?");
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

  /**
   * Records every event; returns when all rows are written, throws if any write failed (then some
   * rows may be written: the retry rewrites them, harmlessly). Rows go as unlogged batches of up to
   * 30 with a bounded number in flight ({@link UnloggedBatches}); measured in docs/benchmarks.md
   * (History ingest).
   *
   * <p>Each tile's newest event's day row is written last, once every other row is stored: that row
   * is what "history holds this tile up to seq N" is read from (moderation waits for it,
   * {@link HistoryPlacementSource}), so seeing it must mean every older row of every table is there.
   */
  public void record(List<PixelEvent> events) {
    java.util.Map<TileId, PixelEvent> newestPerTile = new java.util.HashMap<>();
    for (PixelEvent e : events) {
      newestPerTile.merge(e.tile(), e, (a, b) -> a.seq() >= b.seq() ? a : b);
    }
    List<UnloggedBatches.Row> rows = new ArrayList<>(events.size() * 3);
    List<UnloggedBatches.Row> markers = new ArrayList<>(newestPerTile.size());
    for (PixelEvent e : events) {
      Instant at = Instant.ofEpochMilli(e.placedAtMillis());
      LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
      String tile = e.tile().toString();
      int bucket = EventBuckets.of(e.seq());
      UnloggedBatches.Row dayRow = new UnloggedBatches.Row("d|" + day + "|" + tile + "|" + bucket, insertByDay.bind(
          day, tile, bucket, e.seq(), e.x(), e.y(), (byte) e.colour(), e.userId(), at, e.moderationAction()));
      (newestPerTile.get(e.tile()) == e ? markers : rows).add(dayRow);
      rows.add(new UnloggedBatches.Row("p|" + e.x() + "|" + e.y(), insertByPixel.bind(
          e.x(), e.y(), e.seq(), (byte) e.colour(), e.userId(), at, e.moderationAction())));
      // A restore is nobody's placement: "everything this user placed" (and a revert) must not see it.
      if (!e.isModeration()) {
        rows.add(new UnloggedBatches.Row("u|" + e.userId(), insertByUser.bind(
            e.userId(), at, tile, e.seq(), e.x(), e.y(), (byte) e.colour())));
      }
      if (e.seq() == 1) {
        rows.add(new UnloggedBatches.Row("c|" + tile, insertBlankCheckpoint.bind(tile, at, java.nio.ByteBuffer.allocate(0))));
      }
    }
    UnloggedBatches.write(session, rows);
    UnloggedBatches.write(session, markers);
  }

  /** Placements on one pixel, newest first. */
  public List<PixelEvent> pixel(int x, int y, TileId tile, int limit) {
    List<PixelEvent> result = new ArrayList<>();
    for (Row row : session.execute(selectPixel.bind(x, y, limit))) {
      result.add(new PixelEvent(tile, row.getLong("seq"), x, y, row.getByte("color"), row.getString("user_id"),
          row.getInstant("placed_at").toEpochMilli(), row.getString("moderation_action")));
    }
    return result;
  }

  /** A tile's events of one UTC day, in sequence order. */
  public List<PixelEvent> tileDay(TileId tile, LocalDate day) {
    List<PixelEvent> result = new ArrayList<>(dayEvents.read(tile, day, Long.MIN_VALUE));
    result.sort(java.util.Comparator.comparingLong(PixelEvent::seq));
    return result;
  }

}
