package dev.place.shared.redis;

import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.event.PixelEventCodec;
import dev.place.shared.moderation.RestoreBatches;
import dev.place.shared.moderation.RestoreWriter;
import dev.place.shared.placement.EventPublisher;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes moderation restores as the placement path writes placements: one atomic tile script (the
 * pixel, the tile's next sequence, the journal entry), then the event to the log and the journal
 * trimmed once the log has it. A restore the log does not acknowledge stays journaled and the
 * {@link JournalRelay} publishes it, exactly as for a placement.
 */
public final class RedisRestoreWriter implements RestoreWriter {

  /** The user field of a restore event: the action it belongs to is its mark, the moderator is in the audit log. */
  public static final String RESTORE_USER = "moderation";

  private static final Logger LOG = LoggerFactory.getLogger(RedisRestoreWriter.class);

  private final RedisCanvasStore store;
  private final EventPublisher publisher;
  private final int tileSize;
  private final Duration publishTimeout;
  private final Clock clock;

  public RedisRestoreWriter(RedisCanvasStore store, EventPublisher publisher, int tileSize, Duration publishTimeout,
      Clock clock) {
    this.store = store;
    this.publisher = publisher;
    this.tileSize = tileSize;
    this.publishTimeout = publishTimeout;
    this.clock = clock;
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
    int written = 0;
    for (int i = 0; i < n; i++) {
      long seq = seqs[i];
      if (seq == 0) {
        continue;
      }
      written++;
      PixelEvent event = new PixelEvent(tile, seq, x(tile, batch.indexes()[i]), y(tile, batch.indexes()[i]),
          batch.colours()[i], RESTORE_USER, now, actionId);
      if (publisher.publish(tile, PixelEventCodec.encode(event), publishTimeout, () -> store.forgetJournaledLater(tile, seq))) {
        store.forgetJournaledLater(tile, seq);
      } else {
        LOG.warn("event log did not acknowledge restore {}#{} of {}; the journal relay will publish it", tile, seq, actionId);
      }
    }
    return written;
  }

  private int x(TileId tile, int index) {
    return tile.tx() * tileSize + index % tileSize;
  }

  private int y(TileId tile, int index) {
    return tile.ty() * tileSize + index / tileSize;
  }
}
