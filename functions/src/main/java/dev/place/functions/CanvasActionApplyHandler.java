package dev.place.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import dev.place.shared.moderation.CanvasActionWorker;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

/**
 * MSK event source on the moderation topic: applies each queued rollback, revert or undo, in order
 * ({@link CanvasActionWorker}). Throwing makes the mapping deliver the batch again; an action that
 * finished is skipped the second time, so that is safe.
 */
public final class CanvasActionApplyHandler implements RequestHandler<KafkaEvent, String> {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CanvasActionApplyHandler.class);

  private final Supplier<CanvasActionWorker> worker;

  public CanvasActionApplyHandler() {
    this(() -> Dependencies.get().canvasActionWorker());
  }

  CanvasActionApplyHandler(Supplier<CanvasActionWorker> worker) {
    this.worker = worker;
  }

  @Override
  public String handleRequest(KafkaEvent event, Context context) {
    int applied = 0;
    if (event.getRecords() != null) {
      for (List<KafkaEvent.KafkaEventRecord> partition : event.getRecords().values()) {
        for (KafkaEvent.KafkaEventRecord record : partition) {
          String id;
          try {
            id = new String(Base64.getDecoder().decode(record.getValue()), StandardCharsets.UTF_8);
          } catch (IllegalArgumentException | NullPointerException e) {
            // A record that can never be read would hold up every action behind it if we threw.
            LOG.error("skipping malformed record {}-{}@{}", record.getTopic(), record.getPartition(), record.getOffset());
            continue;
          }
          try {
            worker.get().apply(id);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while applying " + id, e);
          }
          applied++;
        }
      }
    }
    return "{\"applied\":" + applied + "}";
  }
}
