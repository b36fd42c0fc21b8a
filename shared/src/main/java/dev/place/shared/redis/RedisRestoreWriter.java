package dev.place.shared.redis;

import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.event.PixelEventCodec;
import dev.place.shared.moderation.RestoreBatches;
import dev.place.shared.moderation.RestoreWriter;
import dev.place.shared.placement.EventPublisher;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes moderation restores as the placement path writes placements: one atomic tile script (the
 * pixel, the tile's next sequence, the journal entry), then the event to the log and the journal
 * trimmed once the log has it. A restore the log does not acknowledge stays journaled and the
 * {@link JournalRelay} publishes it, exactly as for a placement.
 *
 * <p>A batch's events are sent all at once and then awaited together ({@link Publishing#PIPELINED}):
 * the producer packs them into a few produce requests, so a 500-restore batch costs about one
 * acknowledgement round trip instead of 500 in series. Each event's journal entry is trimmed by its
 * own acknowledgement, whenever that lands (one that comes after the wait ended still trims).
 */
public final class RedisRestoreWriter implements RestoreWriter {

  /** The user field of a restore event: the action it belongs to is its mark, the moderator is in the audit log. */
  public static final String RESTORE_USER = "moderation";

  /**
   * The system property choosing {@link Publishing}: {@code pipelined} (the default) or {@code one-by-one}
   * (the previous behaviour, kept as the baseline of {@code local/bench-rollback}).
   */
  public static final String PUBLISHING_PROPERTY = "place.restorePublishing";

  /** How a batch's events go to the log. */
  public enum Publishing {
    /** Send every event of the batch, then wait once for all their acknowledgements. */
    PIPELINED,
    /** Publish each event and wait for its acknowledgement before the next (the baseline). */
    ONE_BY_ONE;

    /** {@code pipelined} or {@code one-by-one}; anything else is refused with the accepted values. */
    public static Publishing parse(String value) {
      return switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "pipelined" -> PIPELINED;
        case "one-by-one" -> ONE_BY_ONE;
        default -> throw new IllegalArgumentException(
            PUBLISHING_PROPERTY + " must be pipelined or one-by-one, not '" + value + "'");
      };
    }

    static Publishing fromSystemProperty() {
      return parse(System.getProperty(PUBLISHING_PROPERTY, "pipelined"));
    }
  }

  /** The writer's view of the tile store: the restore script and the journal trim (a seam for unit tests). */
  interface Tiles {
    long[] writeRestores(TileId tile, int[] indexes, int[] colours, long[] expectedSeqs, String eventPrefix,
        String[] eventSuffixes);

    void forgetJournaledLater(TileId tile, long seq);
  }

  private static final Logger LOG = LoggerFactory.getLogger(RedisRestoreWriter.class);

  private final Tiles store;
  private final EventPublisher publisher;
  private final int tileSize;
  private final Duration publishTimeout;
  private final Clock clock;
  private final Publishing publishing;

  /** Publishing as {@value #PUBLISHING_PROPERTY} says, pipelined unless it says otherwise. */
  public RedisRestoreWriter(RedisCanvasStore store, EventPublisher publisher, int tileSize, Duration publishTimeout,
      Clock clock) {
    this(store, publisher, tileSize, publishTimeout, clock, Publishing.fromSystemProperty());
  }

  public RedisRestoreWriter(RedisCanvasStore store, EventPublisher publisher, int tileSize, Duration publishTimeout,
      Clock clock, Publishing publishing) {
    this(new Tiles() {
      @Override
      public long[] writeRestores(TileId tile, int[] indexes, int[] colours, long[] expectedSeqs, String eventPrefix,
          String[] eventSuffixes) {
        return store.writeRestores(tile, indexes, colours, expectedSeqs, eventPrefix, eventSuffixes);
      }

      @Override
      public void forgetJournaledLater(TileId tile, long seq) {
        store.forgetJournaledLater(tile, seq);
      }
    }, publisher, tileSize, publishTimeout, clock, publishing);
  }

  RedisRestoreWriter(Tiles store, EventPublisher publisher, int tileSize, Duration publishTimeout, Clock clock,
      Publishing publishing) {
    this.store = store;
    this.publisher = publisher;
    this.tileSize = tileSize;
    this.publishTimeout = publishTimeout;
    this.clock = clock;
    this.publishing = publishing;
  }

  public Publishing publishing() {
    return publishing;
  }

  @Override
  public int write(RestoreBatches.Batch batch, String actionId) {
    TileId tile = batch.tile();
    long now = clock.millis();
    int n = batch.size();
    String[] suffixes = new String[n];
    for (int i = 0; i < n; i++) {
      suffixes[i] = PixelEventCodec.suffix(x(tile, batch.indexes()[i]), y(tile, batch.indexes()[i]),
          batch.colours()[i], RESTORE_USER, now, actionId);
    }
    long[] seqs = store.writeRestores(tile, batch.indexes(), batch.colours(), batch.expectedSeqs(),
        PixelEventCodec.prefix(tile), suffixes);
    List<PixelEvent> written = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (seqs[i] != 0) {
        written.add(new PixelEvent(tile, seqs[i], x(tile, batch.indexes()[i]), y(tile, batch.indexes()[i]),
            batch.colours()[i], RESTORE_USER, now, actionId));
      }
    }
    if (publishing == Publishing.ONE_BY_ONE) {
      publishOneByOne(tile, written, actionId);
    } else {
      publishPipelined(tile, written, actionId);
    }
    return written.size();
  }

  private void publishOneByOne(TileId tile, List<PixelEvent> events, String actionId) {
    for (PixelEvent event : events) {
      long seq = event.seq();
      if (publisher.publish(tile, PixelEventCodec.encode(event), publishTimeout, () -> store.forgetJournaledLater(tile, seq))) {
        store.forgetJournaledLater(tile, seq);
      } else {
        LOG.warn("event log did not acknowledge restore {}#{} of {}; the journal relay will publish it", tile, seq, actionId);
      }
    }
  }

  /**
   * Sends all, then waits for all until one deadline ({@code publishTimeout} after the last send): the
   * batch is done when the log has every event or the wait ends, and what it has not acknowledged by then
   * stays journaled (trimmed later if it is acknowledged later, else relayed).
   */
  private void publishPipelined(TileId tile, List<PixelEvent> events, String actionId) {
    List<CompletableFuture<Boolean>> acknowledgements = new ArrayList<>(events.size());
    for (PixelEvent event : events) {
      long seq = event.seq();
      CompletableFuture<Boolean> acknowledged = publisher.send(tile, PixelEventCodec.encode(event), publishTimeout);
      // Trims on the acknowledgement itself, in time or late; a failure leaves the entry for the relay.
      acknowledged.thenAccept(ok -> {
        if (ok) {
          store.forgetJournaledLater(tile, seq);
        }
      });
      acknowledgements.add(acknowledged);
    }
    long deadline = System.nanoTime() + publishTimeout.toNanos();
    int unacknowledged = 0;
    long firstUnacknowledged = 0;
    boolean interrupted = false;
    for (int i = 0; i < acknowledgements.size(); i++) {
      boolean ok;
      try {
        ok = interrupted ? acknowledgements.get(i).getNow(false)
            : acknowledgements.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        // Stop waiting, keep the flag for the caller: the journal keeps whatever is not acknowledged yet.
        interrupted = true;
        ok = acknowledgements.get(i).getNow(false);
      } catch (TimeoutException | ExecutionException e) {
        ok = false;
      }
      if (!ok && unacknowledged++ == 0) {
        firstUnacknowledged = events.get(i).seq();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (unacknowledged > 0) {
      LOG.warn("event log did not acknowledge {} of {} restores of {} on tile {} (first #{}) within {}; the journal relay"
          + " will publish them unless they are acknowledged late", unacknowledged, events.size(), actionId, tile,
          firstUnacknowledged, publishTimeout);
    }
  }

  private int x(TileId tile, int index) {
    return tile.tx() * tileSize + index % tileSize;
  }

  private int y(TileId tile, int index) {
    return tile.ty() * tileSize + index / tileSize;
  }
}
