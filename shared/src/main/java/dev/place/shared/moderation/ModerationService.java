package dev.place.shared.moderation;

import dev.place.shared.canvas.CanvasGeometry;
import java.util.List;

/**
 * Applies moderation actions to the live canvas: waits until history holds everything up to the
 * action's moment, lets the ledger decide what every affected pixel must show, and writes only what
 * differs, in bounded per-tile batches checked pixel by pixel against what the plan saw. Anything
 * placed after the plan looked is newer than every voided placement, so skipping it is exact.
 */
public final class ModerationService {

  /** Progress of one action: restores tried so far of the planned total. */
  @FunctionalInterface
  public interface Progress {
    void written(int done, int total);
  }

  /** The outcome the audit log records. */
  public record Applied(ModerationLedger.Change change, int pixelsRestored, int pixelsSkippedAsRaced, int batches) {}

  private final CanvasGeometry canvas;
  private final ModerationLedger ledger;
  private final PlacementSource history;
  private final RestorePlan.CurrentCanvas current;
  private final RestoreWriter writer;
  private final int maxPerBatch;

  public ModerationService(CanvasGeometry canvas, ModerationLedger ledger, PlacementSource history,
      RestorePlan.CurrentCanvas current, RestoreWriter writer, int maxPerBatch) {
    this.canvas = canvas;
    this.ledger = ledger;
    this.history = history;
    this.current = current;
    this.writer = writer;
    this.maxPerBatch = maxPerBatch;
  }

  /** The restores {@code record} would write now, changing nothing (the moderator's preview). */
  public List<RestorePlan.Restore> preview(ActionRecord record) throws InterruptedException {
    awaitHistory(record);
    ModerationLedger trial = ledger.copy();
    ModerationLedger.Change change = trial.apply(record, history);
    return RestorePlan.plan(trial, change.pixels(), history.onPixels(change.pixels()), current);
  }

  public Applied apply(ActionRecord record, Progress progress) throws InterruptedException {
    awaitHistory(record);
    ModerationLedger.Change change = ledger.apply(record, history);
    List<RestorePlan.Restore> plan =
        RestorePlan.plan(ledger, change.pixels(), history.onPixels(change.pixels()), current);
    List<RestoreBatches.Batch> batches = RestoreBatches.of(plan, canvas, maxPerBatch);
    progress.written(0, plan.size());
    int tried = 0;
    int written = 0;
    for (RestoreBatches.Batch batch : batches) {
      written += writer.write(batch, record.id());
      tried += batch.size();
      progress.written(tried, plan.size());
    }
    return new Applied(change, written, plan.size() - written, batches.size());
  }

  private void awaitHistory(ActionRecord record) throws InterruptedException {
    if (record.action() instanceof ModerationAction.RollbackArea rollback) {
      history.awaitComplete(record.atMillis(), rollback.area());
    } else {
      history.awaitComplete(record.atMillis());
    }
  }
}
