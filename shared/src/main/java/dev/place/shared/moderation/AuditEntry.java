package dev.place.shared.moderation;

import java.util.Objects;

/**
 * One line of the moderation audit log: who ({@code moderator} and the role their session had), what
 * ({@code action} on {@code target}, with its {@code parameters}), when, why, and what it changed
 * ({@code changes}, and the pixels it changed: 0 for bans and protected areas, which change none).
 * {@code parameters} and {@code changes} are JSON objects, so each action records what it needs.
 */
public record AuditEntry(String id, long atMillis, String moderator, String moderatorRole, String action, String target,
    String parameters, String reason, String changes, int pixelsChanged) {

  /** The actions this slice records (docs/moderation.md). */
  public static final String BAN = "ban";
  public static final String UNBAN = "unban";
  public static final String PROTECT = "protect";
  public static final String UNPROTECT = "unprotect";

  public AuditEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(moderator, "moderator");
    Objects.requireNonNull(action, "action");
    moderatorRole = moderatorRole == null ? "" : moderatorRole;
    target = target == null ? "" : target;
    parameters = parameters == null || parameters.isEmpty() ? "{}" : parameters;
    reason = reason == null ? "" : reason;
    changes = changes == null || changes.isEmpty() ? "{}" : changes;
  }
}
