package dev.place.shared.moderation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The rollbacks, reverts and undos in the audit log: each one's status is its entry, rewritten as it
 * progresses, so whichever execution environment accepts, applies or reports on an action reads the
 * same record, and a restart forgets nothing.
 */
public final class CanvasActionLog {

  /** Entries read at most to list or replay actions: the log's bans and areas are read too. */
  static final int MAX_ENTRIES_READ = 200_000;

  private final AuditLog audit;

  public CanvasActionLog(AuditLog audit) {
    this.audit = audit;
  }

  /** Writes the status as the action's entry (the first write logs the action, later ones replace it). */
  public void record(CanvasActionStatus status) {
    audit.append(status.toAudit());
  }

  public Optional<CanvasActionStatus> find(String id) {
    OptionalLong at = ActionIds.atMillis(id);
    if (at.isEmpty()) {
      return Optional.empty();
    }
    return audit.find(id, at.getAsLong()).filter(e -> ActionParameters.isCanvasAction(e.action()))
        .map(CanvasActionStatus::fromAudit);
  }

  /** The newest {@code limit} rollbacks, reverts and undos, newest first. */
  public List<CanvasActionStatus> newest(int limit) {
    int read = Math.max(500, limit * 4);
    while (true) {
      List<AuditEntry> entries = audit.newest(read);
      List<CanvasActionStatus> actions = new ArrayList<>(limit);
      for (AuditEntry e : entries) {
        if (ActionParameters.isCanvasAction(e.action())) {
          actions.add(CanvasActionStatus.fromAudit(e));
          if (actions.size() == limit) {
            return actions;
          }
        }
      }
      if (entries.size() < read || read >= MAX_ENTRIES_READ) {
        return actions;
      }
      read = Math.min(MAX_ENTRIES_READ, read * 4);
    }
  }

  /** Every action applied to the end ({@code done}), oldest first: what the ledger is rebuilt from. */
  public List<CanvasActionStatus> applied() {
    List<CanvasActionStatus> done = new ArrayList<>();
    for (AuditEntry e : audit.newest(MAX_ENTRIES_READ)) {
      if (ActionParameters.isCanvasAction(e.action())) {
        CanvasActionStatus status = CanvasActionStatus.fromAudit(e);
        if (CanvasActionStatus.DONE.equals(status.state())) {
          done.add(status);
        }
      }
    }
    done.sort(Comparator.comparingLong(CanvasActionStatus::createdAtMillis).thenComparing(CanvasActionStatus::id));
    return done;
  }
}
