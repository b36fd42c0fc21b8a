package dev.place.shared.moderation;

import java.util.Objects;

/**
 * One moderation action as the audit log keeps it: who, when, why, what. {@code atMillis} bounds the
 * action: placements made after it are never voided by it, which is what keeps a rollback from
 * touching pixels placed while or after it ran.
 */
public record ActionRecord(String id, String moderator, String reason, long atMillis, ModerationAction action) {

  public ActionRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(moderator, "moderator");
    Objects.requireNonNull(action, "action");
    reason = reason == null ? "" : reason;
  }
}
