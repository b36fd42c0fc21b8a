package dev.place.shared.history;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.moderation.Pixel;
import dev.place.shared.moderation.PlacementSource;
import dev.place.shared.timelapse.Region;
import dev.place.shared.timelapse.TileSequences;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * What moderation reads of the canvas's past, from the history tables: a rollback's placements from
 * the tiles' day partitions, a revert's from {@code user_placements}, a pixel's whole story from
 * {@code pixel_history}. Restores (moderation-marked rows) are never placements, but count for a
 * pixel's newest sequence.
 */
public final class HistoryPlacementSource implements PlacementSource {

  private static final long POLL_MILLIS = 200;

  private final CqlSession session;
  private final Supplier<CanvasGeometry> canvas;
  private final TileSequences sequences;
  private final long maxWaitMillis;
  private final TileDayEvents dayEvents;
  private final PreparedStatement pixel;
  private final PreparedStatement byUser;
  private final PreparedStatement hasSeq;

  public HistoryPlacementSource(CqlSession session, Supplier<CanvasGeometry> canvas, TileSequences sequences,
      long maxWaitMillis) {
    this.session = session;
    this.canvas = canvas;
    this.sequences = sequences;
    this.maxWaitMillis = maxWaitMillis;
    this.dayEvents = new TileDayEvents(session);
    this.pixel = session.prepare("SELECT seq, color, user_id, placed_at, moderation_action FROM pixel_history WHERE x = ? AND y = ?");
    this.byUser = session.prepare("SELECT placed_at, tile, seq, x, y, color FROM user_placements"
        + " WHERE user_id = ? AND placed_at >= ? AND placed_at <= ?");
    this.hasSeq = session.prepare("SELECT seq FROM " + TileDayEvents.TABLE + " WHERE day = ? AND tile = ? AND bucket = ? AND seq = ?");
  }

  /**
   * Waits until the history writer has stored each tile's newest event as of now (a moment at or after
   * {@code untilMillis}): the writer stores a tile's events in log order, so the rest is there too.
   */
  @Override
  public void awaitComplete(long untilMillis) throws InterruptedException {
    awaitComplete(canvas.get().allTiles());
  }

  @Override
  public void awaitComplete(long untilMillis, Region within) throws InterruptedException {
    int size = canvas.get().tileSize();
    List<TileId> tiles = new ArrayList<>();
    for (TileId tile : canvas.get().allTiles()) {
      boolean meets = tile.tx() * size < within.x() + within.width() && (tile.tx() + 1) * size > within.x()
          && tile.ty() * size < within.y() + within.height() && (tile.ty() + 1) * size > within.y();
      if (meets) {
        tiles.add(tile);
      }
    }
    awaitComplete(tiles);
  }

  private void awaitComplete(List<TileId> tiles) throws InterruptedException {
    long giveUpAt = System.currentTimeMillis() + maxWaitMillis;
    for (TileId tile : tiles) {
      long seq = sequences.current(tile);
      if (seq <= 0) {
        continue;
      }
      while (!stored(tile, seq)) {
        if (System.currentTimeMillis() > giveUpAt) {
          throw new dev.place.shared.moderation.HistoryLagException("the history writer has not caught up with tile " + tile + " (#" + seq + ") within "
              + maxWaitMillis + " ms");
        }
        Thread.sleep(POLL_MILLIS);
      }
    }
  }

  private boolean stored(TileId tile, long seq) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    for (LocalDate day : List.of(today, today.minusDays(1))) {
      if (session.execute(hasSeq.bind(day, tile.toString(), EventBuckets.of(seq), seq)).one() != null) {
        return true;
      }
    }
    return false;
  }

  @Override
  public List<PixelEvent> inArea(Region area, long afterMillis, long untilMillis) {
    CanvasGeometry geometry = canvas.get();
    int size = geometry.tileSize();
    List<PixelEvent> result = new ArrayList<>();
    LocalDate last = day(untilMillis);
    // One partition set per tile and day: a rollback reaches back at most MAX_DAYS (CanvasActions checks).
    LocalDate first = max(day(afterMillis + 1), last.minusDays(MAX_DAYS));
    for (int ty = area.y() / size; ty <= (area.y() + area.height() - 1) / size; ty++) {
      for (int tx = area.x() / size; tx <= (area.x() + area.width() - 1) / size; tx++) {
        TileId tile = new TileId(tx, ty);
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
          for (PixelEvent e : dayEvents.read(tile, d, Long.MIN_VALUE)) {
            if (!e.isModeration() && area.contains(e.x(), e.y()) && e.placedAtMillis() > afterMillis
                && e.placedAtMillis() <= untilMillis) {
              result.add(e);
            }
          }
        }
      }
    }
    return result;
  }

  @Override
  public List<PixelEvent> byUser(String userId, long sinceMillis, long untilMillis) {
    List<PixelEvent> result = new ArrayList<>();
    for (Row row : session.execute(byUser.bind(userId, Instant.ofEpochMilli(sinceMillis), Instant.ofEpochMilli(untilMillis)))) {
      result.add(new PixelEvent(TileId.parse(row.getString("tile")), row.getLong("seq"), row.getInt("x"), row.getInt("y"),
          row.getByte("color"), userId, row.getInstant("placed_at").toEpochMilli()));
    }
    return result;
  }

  @Override
  public PixelHistory onPixels(Collection<Pixel> pixels) {
    int size = canvas.get().tileSize();
    Map<Pixel, CompletableFuture<List<PixelEvent>>> reads = readBounded(pixels, MAX_READS_IN_FLIGHT, p -> drain(
        session.executeAsync(pixel.bind(p.x(), p.y())), new TileId(p.x() / size, p.y() / size), p, new ArrayList<>()));
    List<PixelEvent> placements = new ArrayList<>();
    Map<Pixel, Long> newest = new HashMap<>(pixels.size() * 2);
    reads.forEach((p, read) -> {
      for (PixelEvent e : read.join()) {
        newest.merge(p, e.seq(), Math::max);
        if (!e.isModeration()) {
          placements.add(e);
        }
      }
    });
    return new PixelHistory(placements, newest);
  }

  /**
   * Per-pixel reads in flight at once. The driver has 1,024 request slots per connection (one connection
   * to the node here) and fails a request it has no slot for; a 100x100 rollback's 10,000 reads started
   * all at once failed the action with "No connection was available". Well under the slots, so the
   * session's other users (the history wait's polls) still get some.
   */
  static final int MAX_READS_IN_FLIGHT = 256;

  /** Starts {@code read} for every key, never more than {@code maxInFlight} unfinished at once (the caller waits for a slot). */
  static <K, V> Map<K, CompletableFuture<V>> readBounded(Collection<K> keys, int maxInFlight,
      java.util.function.Function<K, CompletableFuture<V>> read) {
    java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(maxInFlight);
    Map<K, CompletableFuture<V>> reads = new HashMap<>(keys.size() * 2);
    for (K key : keys) {
      slots.acquireUninterruptibly();
      CompletableFuture<V> started;
      try {
        started = read.apply(key);
      } catch (RuntimeException e) {
        slots.release();
        throw e;
      }
      started.whenComplete((value, failure) -> slots.release());
      reads.put(key, started);
    }
    return reads;
  }

  private CompletableFuture<List<PixelEvent>> drain(CompletionStage<AsyncResultSet> stage, TileId tile, Pixel p,
      List<PixelEvent> into) {
    return stage.toCompletableFuture().thenCompose(page -> {
      for (Row row : page.currentPage()) {
        into.add(new PixelEvent(tile, row.getLong("seq"), p.x(), p.y(), row.getByte("color"), row.getString("user_id"),
            row.getInstant("placed_at").toEpochMilli(), row.getString("moderation_action")));
      }
      return page.hasMorePages() ? drain(page.fetchNextPage(), tile, p, into) : CompletableFuture.completedFuture(into);
    });
  }

  /** How far back a rollback may reach, in days. */
  public static final int MAX_DAYS = 31;

  private static LocalDate max(LocalDate a, LocalDate b) {
    return a.isAfter(b) ? a : b;
  }

  private static LocalDate day(long millis) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(Math.max(0, millis)), ZoneOffset.UTC);
  }
}
