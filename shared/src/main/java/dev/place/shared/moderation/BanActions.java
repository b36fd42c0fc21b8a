package dev.place.shared.moderation;

import dev.place.shared.auth.SessionClaims;
import dev.place.shared.auth.SessionTerminator;
import java.util.function.Supplier;

/**
 * Banning and unbanning (docs/moderation.md, Bans). A ban is stored, then every session of the user
 * ends ({@link SessionTerminator}: revoked, sockets closed on both paths); while it is in force the
 * user gets no session, ticket or connection. It changes no pixel, and neither does lifting it.
 * Every action is written to the audit log <em>before</em> it is applied, so no change is ever
 * missing from the log; a refused request changes nothing and is not logged.
 */
public final class BanActions {

  /** What a ban did: the ban, the one it replaced (or null), and the API Gateway connections it closed. */
  public record Banned(Ban ban, Ban previous, int connectionsClosed, String auditId) {}

  private final Bans bans;
  private final AuditLog audit;
  private final SessionTerminator sessions;
  private final Supplier<String> ids;

  public BanActions(Bans bans, AuditLog audit, SessionTerminator sessions, Supplier<String> ids) {
    this.bans = bans;
    this.audit = audit;
    this.sessions = sessions;
    this.ids = ids;
  }

  /** @param untilMillis when the ban ends (epoch ms), or 0 for a ban until lifted (admins only) */
  public Banned ban(SessionClaims moderator, String userId, String reason, long untilMillis, long nowMillis)
      throws ModerationException {
    Moderators.require(moderator);
    checkUserId(userId);
    if (userId.equals(moderator.userId())) {
      throw ModerationException.badRequest("you cannot ban yourself");
    }
    String why = Moderators.reason(reason, true);
    if (untilMillis != 0 && untilMillis <= nowMillis) {
      throw ModerationException.badRequest("expiresAt must be in the future");
    }
    if (untilMillis == 0) {
      Moderators.requireAdmin(moderator, "ban without an expiry; give expiresAt");
    }
    Ban previous = bans.inForce(userId, nowMillis);
    if (previous != null && previous.untilMillis() == 0) {
      Moderators.requireAdmin(moderator, "change a ban without an expiry");
    }
    Ban ban = new Ban(userId, nowMillis, untilMillis, why, moderator.userId());
    String id = ids.get();
    audit.append(new AuditEntry(id, nowMillis, moderator.userId(), moderator.role().wireName(), AuditEntry.BAN, userId,
        "{\"expiresAt\":" + (untilMillis == 0 ? "null" : ModerationJson.string(ModerationJson.time(untilMillis))) + "}",
        why, "{\"replaced\":" + ModerationJson.ban(previous) + ",\"sessionsRevoked\":true}", 0));
    bans.put(ban);
    int closed = sessions.endAll(userId, nowMillis);
    return new Banned(ban, previous, closed, id);
  }

  /** Lifts the user's ban: the refusal ends; no pixel comes back, and the sessions it revoked stay revoked. */
  public Ban unban(SessionClaims moderator, String userId, String reason, long nowMillis) throws ModerationException {
    Moderators.require(moderator);
    checkUserId(userId);
    String why = Moderators.reason(reason, false);
    Ban current = bans.inForce(userId, nowMillis);
    if (current == null) {
      throw ModerationException.notFound(userId + " is not banned");
    }
    if (current.untilMillis() == 0) {
      Moderators.requireAdmin(moderator, "lift a ban without an expiry");
    }
    audit.append(new AuditEntry(ids.get(), nowMillis, moderator.userId(), moderator.role().wireName(), AuditEntry.UNBAN,
        userId, "{}", why, "{\"lifted\":" + ModerationJson.ban(current) + "}", 0));
    bans.lift(userId);
    return current;
  }

  /** The user's ban in force. */
  public Ban lookup(SessionClaims moderator, String userId, long nowMillis) throws ModerationException {
    Moderators.require(moderator);
    checkUserId(userId);
    Ban ban = bans.inForce(userId, nowMillis);
    if (ban == null) {
      throw ModerationException.notFound(userId + " is not banned");
    }
    return ban;
  }

  /** The ids TokenService issues sessions for; anything else cannot be a user (guest ids included). */
  private static void checkUserId(String userId) throws ModerationException {
    if (userId == null || userId.isEmpty() || userId.length() > 64 || userId.indexOf('|') >= 0 || userId.isBlank()) {
      throw ModerationException.badRequest("userId must be a user id of 1 to 64 characters without '|'");
    }
  }
}
