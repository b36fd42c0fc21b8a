package dev.place.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import dev.place.shared.event.MalformedEventException;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.event.PixelEventCodec;
import dev.place.shared.history.HistoryStore;
import dev.place.shared.history.TileHistory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MSK event source: writes a batch of pixel events to the history tables. Throwing makes the event
 * source mapping retry the whole batch, which is safe because every write is idempotent.
 */
public final class HistoryWriterHandler implements RequestHandler<KafkaEvent, String> {

  private static final Logger LOG = LoggerFactory.getLogger(HistoryWriterHandler.class);

  private final Consumer<List<PixelEvent>> history;

  /**
   * Wired by the first batch, not in the init phase that SnapStart snapshots: the Cassandra session
   * is opened after restore, in the execution environment that uses it.
   */
  public HistoryWriterHandler() {
    this(new Consumer<List<PixelEvent>>() {
      private Consumer<List<PixelEvent>> wired;

      @Override
      public synchronized void accept(List<PixelEvent> events) {
        if (wired == null) {
          wired = new HistoryWriterHandler(Dependencies.get().history(),
              new TileHistory(Dependencies.get().history().session(), Dependencies.get().config().tileSize())).history;
        }
        wired.accept(events);
      }
    });
  }

  /** Records, then writes the per-tile checkpoints the batch completes (docs/history.md). */
  HistoryWriterHandler(HistoryStore store, TileHistory checkpoints) {
    this((Consumer<List<PixelEvent>>) events -> {
      store.record(events);
      try {
        checkpoints.checkpointAfter(events);
      } catch (RuntimeException e) {
        // Checkpoints only shorten replays, and the next replay passing the multiple writes it:
        // never hold the partition (and every later placement's history) back for one.
        LOG.warn("checkpoint after batch failed, left to the next replay: {}", e.toString());
      }
    });
  }

  HistoryWriterHandler(HistoryStore store) {
    this((Consumer<List<PixelEvent>>) store::record);
  }

  HistoryWriterHandler(Consumer<List<PixelEvent>> history) {
    this.history = history;
  }

  @Override
  public String handleRequest(KafkaEvent event, Context context) {
    List<PixelEvent> events = new ArrayList<>();
    int skipped = 0;
    if (event.getRecords() != null) {
      for (List<KafkaEvent.KafkaEventRecord> partition : event.getRecords().values()) {
        for (KafkaEvent.KafkaEventRecord record : partition) {
          try {
            events.add(PixelEventCodec.decode(Base64.getDecoder().decode(record.getValue())));
          } catch (MalformedEventException | IllegalArgumentException | NullPointerException e) {
            // A record that can never be parsed would block its partition for ever if we threw.
            skipped++;
            LOG.error("skipping malformed record {}-{}@{}: {}", record.getTopic(), record.getPartition(), record.getOffset(), e.getMessage());
          }
        }
      }
    }
    try {
      history.accept(events);
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof com.datastax.oss.driver.api.core.servererrors.InvalidQueryException broken) {
        // Not a passing failure: a node that lost its schema answers "unconfigured table" for ever.
        // The mapping keeps the batch (offsets not committed) and health reports the history down.
        LOG.error("history keyspace is broken ({}): nothing can be written until the schema is back;"
            + " restart the local cloud (it re-creates the schema), then cli/place rebuild-history", broken.getMessage());
      }
      throw e;
    }
    return "{\"written\":" + events.size() + ",\"skipped\":" + skipped + "}";
  }
}
