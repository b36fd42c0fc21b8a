package dev.place.shared.auth;

import java.time.Instant;

/**
 * What a verified session token (or a redeemed connect ticket) says about its holder.
 *
 * @param issuedAtMillis when the session was issued: a revocation ({@link SessionRevocations})
 *     cancels every session of the user issued before it
 */
public record SessionClaims(String userId, Role role, long issuedAtMillis, Instant expiresAt) {

  public boolean guest() {
    return role == Role.GUEST;
  }
}
