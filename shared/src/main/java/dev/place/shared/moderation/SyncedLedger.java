package dev.place.shared.moderation;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ModerationLedger} kept equal to the audit log: before each use it applies, oldest first,
 * every action the log has as done and the ledger lacks. Each action's voids are bounded by its own
 * moment and read from history, so replaying the log in any fresh execution environment (after a
 * restart, or one that another environment's applies passed by) rebuilds the same ledger.
 */
public final class SyncedLedger {

  private final CanvasActionLog log;
  private final PlacementSource history;
  private ModerationLedger ledger = new ModerationLedger();

  public SyncedLedger(CanvasActionLog log, PlacementSource history) {
    this.log = log;
    this.history = history;
  }

  /** The ledger, brought up to date with the log. Callers hold this object's lock while they use it. */
  public synchronized ModerationLedger current() {
    List<CanvasActionStatus> pending = new ArrayList<>();
    for (CanvasActionStatus done : log.applied()) {
      if (!ledger.contains(done.id())) {
        pending.add(done);
      }
    }
    // An undo needs its target in the ledger first; the log's order (by creation) almost always gives
    // that, and a pass that applies nothing means the log names an action that is not there.
    while (!pending.isEmpty()) {
      List<CanvasActionStatus> later = new ArrayList<>();
      for (CanvasActionStatus status : pending) {
        if (status.record().action() instanceof ModerationAction.Undo undo && !ledger.contains(undo.actionId())) {
          later.add(status);
        } else {
          ledger.apply(status.record(), history);
        }
      }
      if (later.size() == pending.size()) {
        throw new IllegalStateException("the audit log's undos " + later.stream().map(CanvasActionStatus::id).toList()
            + " undo actions the log does not hold as done");
      }
      pending = later;
    }
    return ledger;
  }

  /** Forgets the ledger (an apply failed half-way): the next {@link #current} rebuilds it from the log. */
  public synchronized void discard() {
    ledger = new ModerationLedger();
  }
}
