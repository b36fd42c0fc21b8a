package dev.place.shared.moderation;

import dev.place.shared.json.FlatJson;
import java.util.Map;

/**
 * Where one canvas-changing action stands (the contract's action object, docs/moderation.md):
 * {@code state} is {@code waiting-for-history}, {@code applying}, {@code done} or {@code failed}.
 * It is kept as the action's audit log entry ({@link #toAudit}, {@link #fromAudit}): the route that
 * accepts an action, the worker that applies it and the route that reports on it run in different
 * execution environments, and the log is the one place they all read.
 */
public record CanvasActionStatus(String id, String kind, String moderator, String role, String reason, long createdAtMillis,
    String parametersJson, String state, int done, int total, int pixelsChanged, int skippedAsRaced, int batches,
    String undoneBy, String error) {

  public static final String WAITING = "waiting-for-history";
  public static final String APPLYING = "applying";
  public static final String DONE = "done";
  public static final String FAILED = "failed";

  /** A new action, not applied yet. */
  public static CanvasActionStatus waiting(ActionRecord record, String role) {
    return new CanvasActionStatus(record.id(), ActionParameters.kind(record.action()), record.moderator(), role,
        record.reason(), record.atMillis(), ActionParameters.json(record.action()), WAITING, 0, 0, 0, 0, 0, null, null);
  }

  public ActionRecord record() {
    return new ActionRecord(id, moderator, reason, createdAtMillis, ActionParameters.parse(kind, parametersJson));
  }

  public boolean finished() {
    return DONE.equals(state) || FAILED.equals(state);
  }

  public CanvasActionStatus applying(int newDone, int newTotal) {
    return new CanvasActionStatus(id, kind, moderator, role, reason, createdAtMillis, parametersJson, APPLYING, newDone, newTotal,
        pixelsChanged, skippedAsRaced, batches, undoneBy, null);
  }

  public CanvasActionStatus done(int changed, int skipped, int batchCount) {
    return new CanvasActionStatus(id, kind, moderator, role, reason, createdAtMillis, parametersJson, DONE, total, total, changed,
        skipped, batchCount, undoneBy, null);
  }

  public CanvasActionStatus failed(String failure) {
    return new CanvasActionStatus(id, kind, moderator, role, reason, createdAtMillis, parametersJson, FAILED, done, total,
        pixelsChanged, skippedAsRaced, batches, undoneBy, failure);
  }

  /** {@code undoId} undid this action; null: it is in force again (its undo was undone). */
  public CanvasActionStatus undoneBy(String undoId) {
    return new CanvasActionStatus(id, kind, moderator, role, reason, createdAtMillis, parametersJson, state, done, total,
        pixelsChanged, skippedAsRaced, batches, undoId, error);
  }

  public AuditEntry toAudit() {
    String changes = "{\"state\":" + ModerationJson.string(state) + ",\"done\":" + done + ",\"total\":" + total
        + ",\"skippedAsRaced\":" + skippedAsRaced + ",\"batches\":" + batches + ",\"undoneBy\":" + ModerationJson.string(undoneBy)
        + ",\"error\":" + ModerationJson.string(error) + "}";
    return new AuditEntry(id, createdAtMillis, moderator, role, kind, ActionParameters.target(ActionParameters.parse(kind,
        parametersJson)), parametersJson, reason, changes, pixelsChanged);
  }

  /** @throws IllegalArgumentException if the entry is not a rollback, revert or undo this class wrote */
  public static CanvasActionStatus fromAudit(AuditEntry e) {
    if (!ActionParameters.isCanvasAction(e.action())) {
      throw new IllegalArgumentException("audit entry " + e.id() + " is a " + e.action() + ", not a rollback, revert or undo");
    }
    Map<String, String> c = FlatJson.read(e.changes());
    String state = c.get("state") == null ? WAITING : c.get("state");
    return new CanvasActionStatus(e.id(), e.action(), e.moderator(), e.moderatorRole(), e.reason(), e.atMillis(), e.parameters(),
        state, count(c, "done"), count(c, "total"), e.pixelsChanged(), count(c, "skippedAsRaced"), count(c, "batches"),
        c.get("undoneBy"), c.get("error"));
  }

  private static int count(Map<String, String> changes, String name) {
    String value = changes.get(name);
    return value == null ? 0 : Integer.parseInt(value);
  }

  public String toJson() {
    return "{\"id\":" + ModerationJson.string(id) + ",\"kind\":" + ModerationJson.string(kind) + ",\"moderator\":"
        + ModerationJson.string(moderator) + ",\"reason\":" + ModerationJson.string(reason) + ",\"createdAt\":"
        + ModerationJson.string(ModerationJson.time(createdAtMillis)) + ",\"parameters\":" + parametersJson + ",\"state\":"
        + ModerationJson.string(state) + ",\"progress\":{\"done\":" + done + ",\"total\":" + total + "},\"pixelsChanged\":"
        + pixelsChanged + ",\"undoneBy\":" + ModerationJson.string(undoneBy) + ",\"error\":" + ModerationJson.string(error) + "}";
  }
}
