package dev.place.shared.moderation;

import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the rollbacks, reverts and undos taken from the {@link ActionQueue}, one at a time: brings
 * the ledger up to date with the log, waits for history, plans and writes the restores
 * ({@link ModerationService}), and records progress and the outcome in the action's log entry.
 *
 * <p>An action that can never apply (history did not catch up, an undo of an action undone already)
 * is recorded as {@code failed} and the queue moves on. Any other failure (Redis, Kafka or Cassandra
 * unreachable half-way) is thrown, after forgetting the ledger this apply changed: the queue delivers
 * the action again, the ledger is rebuilt from the log, and the plan, which compares with the canvas
 * as it is then, writes only what the first attempt did not.
 */
public final class CanvasActionWorker {

  private static final Logger LOG = LoggerFactory.getLogger(CanvasActionWorker.class);
  /** Progress is written to the log at most this often: each write is a Cassandra row. */
  static final long PROGRESS_EVERY_MILLIS = 500;

  private final CanvasActions.Services services;
  private final Supplier<RestorePlan.CurrentCanvas> currentCanvas;
  private final CanvasActionLog log;
  private final SyncedLedger ledger;
  private final LongSupplier clock;

  public CanvasActionWorker(CanvasActions.Services services, Supplier<RestorePlan.CurrentCanvas> currentCanvas,
      CanvasActionLog log, SyncedLedger ledger, LongSupplier clock) {
    this.services = services;
    this.currentCanvas = currentCanvas;
    this.log = log;
    this.ledger = ledger;
    this.clock = clock;
  }

  /** Applies the action {@code id}, unless it is unknown or finished already (a delivery repeated). */
  public void apply(String id) throws InterruptedException {
    Optional<CanvasActionStatus> found = log.find(id);
    if (found.isEmpty()) {
      LOG.error("queued action {} is not in the audit log; skipped", id);
      return;
    }
    CanvasActionStatus status = found.get();
    if (status.finished()) {
      LOG.info("action {} is {} already; a repeated delivery is skipped", id, status.state());
      return;
    }
    ActionRecord record = status.record();
    ModerationService.Applied applied;
    synchronized (ledger) {
      ModerationLedger current = ledger.current();
      if (current.contains(id)) {
        // Applied here without its outcome reaching the log: start again from the log.
        ledger.discard();
        current = ledger.current();
      }
      Progress progress = new Progress(status);
      try {
        applied = services.forLedger(current, currentCanvas.get()).apply(record, progress::written);
      } catch (HistoryLagException | IllegalArgumentException e) {
        // Both are thrown before the ledger or the canvas changed.
        log.record(progress.status.failed(e.getMessage()));
        LOG.warn("action {} failed: {}", id, e.getMessage());
        return;
      } catch (RuntimeException | InterruptedException e) {
        ledger.discard();
        throw e;
      }
      try {
        log.record(progress.status.done(applied.pixelsRestored(), applied.pixelsSkippedAsRaced(), applied.batches()));
      } catch (RuntimeException e) {
        ledger.discard();
        throw e;
      }
    }
    if (record.action() instanceof ModerationAction.Undo undo) {
      markUndone(undo.actionId(), id);
    }
  }

  // The statuses say which actions are in force; the ledger (rebuilt from the done entries) is the truth.
  private void markUndone(String targetId, String undoId) {
    Optional<CanvasActionStatus> target = log.find(targetId);
    if (target.isEmpty()) {
      return;
    }
    log.record(target.get().undoneBy(undoId));
    if (target.get().record().action() instanceof ModerationAction.Undo inner) {
      log.find(inner.actionId()).ifPresent(again -> log.record(again.undoneBy(null)));
    }
  }

  private final class Progress {
    CanvasActionStatus status;
    boolean written;
    long lastWrite;

    Progress(CanvasActionStatus status) {
      this.status = status;
    }

    void written(int done, int total) {
      status = status.applying(done, total);
      long now = clock.getAsLong();
      if (!written || done == total || now - lastWrite >= PROGRESS_EVERY_MILLIS) {
        written = true;
        lastWrite = now;
        log.record(status);
      }
    }
  }
}
