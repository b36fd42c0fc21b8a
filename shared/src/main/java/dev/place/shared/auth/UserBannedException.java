package dev.place.shared.auth;

import dev.place.shared.moderation.Ban;
import java.time.Instant;

/**
 * The credential is good but its user is banned: no session, ticket or connection for them while
 * the ban is in force. A subtype of {@link InvalidTokenException}, so a caller that does not tell
 * bans apart (the edge's handshake) still refuses; the HTTP routes answer 403 {@code USER_BANNED}
 * with the ban's reason and end (docs/moderation.md).
 */
public final class UserBannedException extends InvalidTokenException {

  /** The documented error code (docs/protocol.md). */
  public static final String USER_BANNED = "USER_BANNED";

  private final transient Ban ban;

  public UserBannedException(Ban ban) {
    super(describe(ban));
    this.ban = ban;
  }

  public Ban ban() {
    return ban;
  }

  private static String describe(Ban ban) {
    String until = ban.untilMillis() == 0 ? "until lifted" : "until " + Instant.ofEpochMilli(ban.untilMillis());
    return "this user is banned " + until + (ban.reason().isEmpty() ? "" : ": " + ban.reason());
  }
}
