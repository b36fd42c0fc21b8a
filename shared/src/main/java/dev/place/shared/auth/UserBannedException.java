package dev.place.shared.auth;

import dev.place.shared.moderation.Ban;
import dev.place.shared.moderation.ModerationJson;
import java.time.Instant;

/**
 * The credential is good but its user is banned: no session, ticket or connection for them while
 * the ban is in force. A subtype of {@link InvalidTokenException}, so a caller that does not tell
 * bans apart still refuses; the HTTP routes, {@code $connect} and the edge's handshake answer 403 {@code USER_BANNED}
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

  /**
   * The answer's JSON body, the same on every path that refuses a banned user (HTTP routes,
   * {@code $connect}, the edge's handshake): the REST error shape plus the ban's reason and end
   * ({@code null}: until lifted).
   */
  public String body() {
    return "{\"code\":\"" + USER_BANNED + "\",\"message\":" + ModerationJson.string(getMessage())
        + ",\"reason\":" + ModerationJson.string(ban.reason()) + ",\"expiresAt\":"
        + (ban.untilMillis() == 0 ? "null" : ModerationJson.string(ModerationJson.time(ban.untilMillis()))) + "}";
  }

  private static String describe(Ban ban) {
    String until = ban.untilMillis() == 0 ? "until lifted" : "until " + Instant.ofEpochMilli(ban.untilMillis());
    return "this user is banned " + until + (ban.reason().isEmpty() ? "" : ": " + ban.reason());
  }
}
