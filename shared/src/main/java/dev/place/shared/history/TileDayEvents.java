package dev.place.shared.history;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Reads a tile's events of one UTC day from {@code pixel_events_by_day_v2}: one query per bucket
 * ({@link EventBuckets#COUNT}), all in flight at once, every page followed. The buckets hold
 * disjoint seqs, so the union is the tile's day; the result is in no particular order (callers
 * sort by seq, as {@code TileEvents.of} does).
 */
public final class TileDayEvents {

  static final String TABLE = "pixel_events_by_day_v2";

  private final CqlSession session;
  private final PreparedStatement after;

  public TileDayEvents(CqlSession session) {
    this.session = session;
    this.after = session.prepare("SELECT seq, x, y, color, user_id, placed_at, moderation_action FROM " + TABLE
        + " WHERE day = ? AND tile = ? AND bucket = ? AND seq > ?");
  }

  /** Every event of {@code tile} on {@code day} with a sequence number above {@code afterSeq}. */
  public List<PixelEvent> read(TileId tile, LocalDate day, long afterSeq) {
    List<CompletableFuture<List<PixelEvent>>> buckets = new ArrayList<>(EventBuckets.COUNT);
    String key = tile.toString();
    for (int bucket = 0; bucket < EventBuckets.COUNT; bucket++) {
      buckets.add(drain(session.executeAsync(after.bind(day, key, bucket, afterSeq)), tile, new ArrayList<>()));
    }
    List<PixelEvent> events = new ArrayList<>();
    try {
      for (CompletableFuture<List<PixelEvent>> b : buckets) {
        events.addAll(b.join());
      }
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
    return events;
  }

  private CompletableFuture<List<PixelEvent>> drain(CompletionStage<AsyncResultSet> stage, TileId tile, List<PixelEvent> into) {
    return stage.toCompletableFuture().thenCompose(page -> {
      for (Row row : page.currentPage()) {
        into.add(new PixelEvent(tile, row.getLong("seq"), row.getInt("x"), row.getInt("y"), row.getByte("color"),
            row.getString("user_id"), row.getInstant("placed_at").toEpochMilli(), row.getString("moderation_action")));
      }
      return page.hasMorePages() ? drain(page.fetchNextPage(), tile, into) : CompletableFuture.completedFuture(into);
    });
  }
}
