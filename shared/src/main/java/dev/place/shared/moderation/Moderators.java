package dev.place.shared.moderation;

import dev.place.shared.auth.Role;
import dev.place.shared.auth.SessionClaims;

/**
 * Who may moderate (docs/moderation.md, Roles): moderators and admins; some acts are admin-only,
 * namely whatever cannot be undone by waiting (a ban without an end, and lifting or changing one).
 */
public final class Moderators {

  private Moderators() {}

  public static void require(SessionClaims session) throws ModerationException {
    if (session.role() != Role.MODERATOR && session.role() != Role.ADMIN) {
      throw ModerationException.forbidden("this needs the moderator or admin role; this session's role is "
          + session.role().wireName());
    }
  }

  public static void requireAdmin(SessionClaims session, String what) throws ModerationException {
    if (session.role() != Role.ADMIN) {
      throw ModerationException.forbidden("only an admin may " + what + "; this session's role is " + session.role().wireName());
    }
  }

  /** A reason moderators must give (shown to the user for a ban, kept in the audit log): 1 to 500 characters. */
  public static String reason(String reason, boolean required) throws ModerationException {
    String r = reason == null ? "" : reason.strip();
    if (required && r.isEmpty()) {
      throw ModerationException.badRequest("a reason is required: it is kept in the audit log");
    }
    if (r.length() > 500) {
      throw ModerationException.badRequest("a reason has at most 500 characters, got " + r.length());
    }
    return r;
  }
}
