package dev.place.shared.auth;

import java.util.Locale;

/**
 * What a session may do. Accounts get {@link #USER}, or {@link #MODERATOR}/{@link #ADMIN} from their
 * identity provider's groups; {@link #GUEST} sessions are minted without an account and cost more
 * (a longer cooldown, a per-address minting limit: docs/protocol.md, Signing in).
 */
public enum Role {
  GUEST,
  USER,
  MODERATOR,
  ADMIN;

  /** The name in tokens and JSON answers: {@code guest}, {@code user}, {@code moderator}, {@code admin}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role named by {@link #wireName()}, or null for any other text. */
  public static Role parse(String text) {
    for (Role role : values()) {
      if (role.wireName().equals(text)) {
        return role;
      }
    }
    return null;
  }
}
