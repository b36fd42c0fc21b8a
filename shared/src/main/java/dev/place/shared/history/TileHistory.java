package dev.place.shared.history;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.place.shared.canvas.TileCodec;
import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.timelapse.HistorySource;
import dev.place.shared.timelapse.TileEvents;
import dev.place.shared.timelapse.TileState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads history from Cassandra/Keyspaces: placements of a pixel or a user, newest first, in pages;
 * tiles as of any moment, starting from the newest per-tile checkpoint; and writes checkpoints.
 *
 * <p>Checkpoints are written every {@link #CHECKPOINT_INTERVAL} sequence numbers of a tile, by the
 * history writer when a batch crosses a multiple, and by any replay that passes one without finding
 * it (the writer cannot when events of a tile arrive out of order). A checkpoint is only written
 * from a gap-free run of events, so it is always a state Redis really had.
 */
public final class TileHistory implements HistorySource {

  /** A replay applies at most this many events per tile beyond its checkpoint (32 KB per checkpoint). */
  public static final int CHECKPOINT_INTERVAL = 10_000;
  /** Days to scan back when a tile has no checkpoint at all (not even seq 0, i.e. history older than it). */
  static final int FALLBACK_SCAN_DAYS = 7;

  /** One page of placements, newest first; {@code next} is the cursor of the following page or null. */
  public record Page(List<PixelEvent> placements, String next) {}

  private final CqlSession session;
  private final int tileSize;
  private final int checkpointInterval;
  private final PreparedStatement pixelPage;
  private final PreparedStatement userFirstPage;
  private final PreparedStatement userSameMillisAndTile;
  private final PreparedStatement userSameMillis;
  private final PreparedStatement userEarlier;
  private final PreparedStatement checkpointIndex;
  private final PreparedStatement checkpointPixels;
  private final PreparedStatement insertCheckpoint;
  private final TileDayEvents dayEvents;

  public TileHistory(CqlSession session, int tileSize) {
    this(session, tileSize, CHECKPOINT_INTERVAL);
  }

  /** With another checkpoint interval: tests, which cannot place 10 000 pixels on a tile. */
  public TileHistory(CqlSession session, int tileSize, int checkpointInterval) {
    if (checkpointInterval < 1) {
      throw new IllegalArgumentException("checkpoint interval must be positive");
    }
    this.session = session;
    this.tileSize = tileSize;
    this.checkpointInterval = checkpointInterval;
    pixelPage = session.prepare(
        "SELECT seq, color, user_id, placed_at, moderation_action FROM pixel_history WHERE x = ? AND y = ? AND seq < ? LIMIT ?");
    userFirstPage = session.prepare(
        "SELECT placed_at, tile, seq, x, y, color FROM user_placements WHERE user_id = ? LIMIT ?");
    // "After the cursor (p, t, s)" in clustering order, as three single-column slices instead of the
    // tuple relation (placed_at, tile, seq) < (p, t, s), which Keyspaces' CQL does not document.
    userSameMillisAndTile = session.prepare(
        "SELECT placed_at, tile, seq, x, y, color FROM user_placements WHERE user_id = ? AND placed_at = ? AND tile = ? AND seq < ? LIMIT ?");
    userSameMillis = session.prepare(
        "SELECT placed_at, tile, seq, x, y, color FROM user_placements WHERE user_id = ? AND placed_at = ? AND tile < ? LIMIT ?");
    userEarlier = session.prepare(
        "SELECT placed_at, tile, seq, x, y, color FROM user_placements WHERE user_id = ? AND placed_at < ? LIMIT ?");
    checkpointIndex = session.prepare("SELECT seq, at FROM tile_checkpoints WHERE tile = ?");
    checkpointPixels = session.prepare("SELECT pixels FROM tile_checkpoints WHERE tile = ? AND seq = ?");
    insertCheckpoint = session.prepare("INSERT INTO tile_checkpoints (tile, seq, at, pixels) VALUES (?, ?, ?, ?)");
    dayEvents = new TileDayEvents(session);
  }

  /** Placements on a pixel, newest first; {@code cursor} null for the first page. */
  public Page pixel(int x, int y, int limit, String cursor) {
    long before = cursor == null ? Long.MAX_VALUE : Long.parseLong(decode(cursor, "p"));
    TileId tile = new TileId(x / tileSize, y / tileSize);
    List<PixelEvent> rows = new ArrayList<>(limit + 1);
    // One row more than asked tells whether another page exists without a second query.
    for (Row row : session.execute(pixelPage.bind(x, y, before, limit + 1))) {
      rows.add(new PixelEvent(tile, row.getLong("seq"), x, y, row.getByte("color"), row.getString("user_id"),
          row.getInstant("placed_at").toEpochMilli(), row.getString("moderation_action")));
    }
    if (rows.size() <= limit) {
      return new Page(rows, null);
    }
    List<PixelEvent> page = rows.subList(0, limit);
    return new Page(List.copyOf(page), encode("p", Long.toString(page.get(limit - 1).seq())));
  }

  /** A user's placements, newest first. */
  public Page user(String userId, int limit, String cursor) {
    List<PixelEvent> rows = new ArrayList<>(limit + 1);
    if (cursor == null) {
      addUserRows(rows, userId, userFirstPage.bind(userId, limit + 1));
    } else {
      String[] parts = decode(cursor, "u").split("/", 3);
      if (parts.length != 3) {
        throw new IllegalArgumentException("malformed cursor");
      }
      Instant at = Instant.ofEpochMilli(Long.parseLong(parts[0]));
      String tile = parts[1];
      // Ties on placed_at are rare (one user, one millisecond), so the first two are almost always empty.
      addUserRows(rows, userId, userSameMillisAndTile.bind(userId, at, tile, Long.parseLong(parts[2]), limit + 1));
      if (rows.size() <= limit) {
        addUserRows(rows, userId, userSameMillis.bind(userId, at, tile, limit + 1 - rows.size()));
      }
      if (rows.size() <= limit) {
        addUserRows(rows, userId, userEarlier.bind(userId, at, limit + 1 - rows.size()));
      }
    }
    if (rows.size() <= limit) {
      return new Page(rows, null);
    }
    PixelEvent last = rows.get(limit - 1);
    return new Page(List.copyOf(rows.subList(0, limit)),
        encode("u", last.placedAtMillis() + "/" + last.tile() + "/" + last.seq()));
  }

  private void addUserRows(List<PixelEvent> rows, String userId, com.datastax.oss.driver.api.core.cql.BoundStatement query) {
    for (Row row : session.execute(query)) {
      rows.add(new PixelEvent(TileId.parse(row.getString("tile")), row.getLong("seq"), row.getInt("x"), row.getInt("y"),
          row.getByte("color"), userId, row.getInstant("placed_at").toEpochMilli()));
    }
  }

  /** Opaque cursors: clients must not build them, so the key layout can change. */
  static String encode(String kind, String value) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((kind + ":" + value).getBytes(StandardCharsets.UTF_8));
  }

  static String decode(String cursor, String kind) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (!text.startsWith(kind + ":")) {
        throw new IllegalArgumentException("malformed cursor");
      }
      String value = text.substring(kind.length() + 1);
      if (kind.equals("p")) {
        Long.parseLong(value);
      }
      return value;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("malformed cursor", e);
    }
  }

  @Override
  public TileState start(TileId tile, long atMillis) {
    return newest(tile, atMillis, Long.MAX_VALUE);
  }

  /** The newest checkpoint with seq < beforeSeq and (seq 0 or at <= atMillis); blank if none. */
  private TileState newest(TileId tile, long atMillis, long beforeSeq) {
    long bestSeq = -1;
    long bestAt = Long.MIN_VALUE;
    for (Row row : session.execute(checkpointIndex.bind(tile.toString()))) {
      long seq = row.getLong("seq");
      long at = row.getInstant("at").toEpochMilli();
      if (seq < beforeSeq && (seq == 0 || at <= atMillis) && seq > bestSeq) {
        bestSeq = seq;
        bestAt = at;
      }
    }
    byte[] pixels = new byte[tileSize * tileSize / 2];
    if (bestSeq < 0) {
      return new TileState(tile, 0, Long.MIN_VALUE, pixels);
    }
    if (bestSeq > 0) {
      Row row = session.execute(checkpointPixels.bind(tile.toString(), bestSeq)).one();
      ByteBuffer blob = row == null ? null : row.getByteBuffer("pixels");
      if (blob != null && blob.remaining() > 0) {
        byte[] stored = new byte[blob.remaining()];
        blob.get(stored);
        pixels = TileCodec.normalise(stored, pixels.length);
      }
    }
    return new TileState(tile, bestSeq, bestAt, pixels);
  }

  @Override
  public TileEvents events(TileState start, long untilMillis) {
    long now = System.currentTimeMillis();
    LocalDate last = day(Math.min(untilMillis, now)).plusDays(1); // +1: a skewed handler clock near midnight
    LocalDate first = start.maxAtMillis() == Long.MIN_VALUE
        ? last.minusDays(FALLBACK_SCAN_DAYS)
        : day(start.maxAtMillis()).minusDays(1);
    List<PixelEvent> events = new ArrayList<>();
    for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
      events.addAll(dayEvents.read(start.tile(), d, start.seq()));
    }
    TileEvents sorted = TileEvents.of(start.tile(), events);
    writeMissingCheckpoints(start, sorted, Set.of());
    return sorted;
  }

  /**
   * Writes the checkpoints at multiples of the interval that the gap-free run of events after
   * {@code start} passes, except those known to exist.
   */
  private void writeMissingCheckpoints(TileState start, TileEvents events, Set<Long> existing) {
    if (events.size() == 0 || events.seq(events.size() - 1) / checkpointInterval == start.seq() / checkpointInterval) {
      return; // no multiple of the interval in reach: nothing to write, no copy
    }
    byte[] pixels = start.pixels().clone();
    long maxAt = start.seq() == 0 ? Long.MIN_VALUE : start.maxAtMillis();
    long expected = start.seq() + 1;
    for (int i = 0; i < events.size(); i++) {
      if (events.seq(i) != expected) {
        return; // a gap: events still on their way; a later replay or batch writes it
      }
      expected++;
      TileCodec.set(pixels, (events.y(i) % tileSize) * tileSize + (events.x(i) % tileSize), events.colour(i));
      maxAt = Math.max(maxAt, events.at(i));
      long seq = events.seq(i);
      if (seq % checkpointInterval == 0 && !existing.contains(seq)) {
        session.execute(insertCheckpoint.bind(start.tile().toString(), seq, Instant.ofEpochMilli(maxAt), ByteBuffer.wrap(pixels.clone())));
      }
    }
  }

  /**
   * Called by the history writer after a batch: for each tile whose events in the batch reach a
   * multiple of the interval, writes that checkpoint if the events up to it are all stored.
   */
  public void checkpointAfter(List<PixelEvent> recorded) {
    Set<TileId> due = new HashSet<>();
    for (PixelEvent e : recorded) {
      if (e.seq() % checkpointInterval == 0) {
        due.add(e.tile());
      }
    }
    for (TileId tile : due) {
      TileState start = newest(tile, Long.MAX_VALUE, Long.MAX_VALUE);
      events(start, System.currentTimeMillis());
    }
  }

  private static LocalDate day(long millis) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }
}
