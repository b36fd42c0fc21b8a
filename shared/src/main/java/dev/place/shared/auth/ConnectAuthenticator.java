package dev.place.shared.auth;

import dev.place.shared.moderation.Ban;
import dev.place.shared.moderation.Bans;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Who opens a WebSocket: a session token buys a connect ticket ({@code POST /api/v1/connect-ticket}),
 * the handshake carries the ticket ({@code ?ticket=}), and {@code $connect} (or the edge) redeems
 * it once. Revoked sessions (sign-out, bans) buy no ticket, and a banned user gets no ticket and no
 * connection ({@link UserBannedException}). The session token itself in the query string
 * ({@code ?token=}) is still admitted, but deprecated: it ends up in access logs.
 */
public final class ConnectAuthenticator {

  private final TokenService tokens;
  private final ConnectTickets tickets;
  private final SessionRevocations revocations;
  private final Bans bans;
  private final Duration ticketTtl;

  /** Without bans: where none are checked (tests). */
  public ConnectAuthenticator(TokenService tokens, ConnectTickets tickets, SessionRevocations revocations, Duration ticketTtl) {
    this(tokens, tickets, revocations, Bans.NONE, ticketTtl);
  }

  public ConnectAuthenticator(TokenService tokens, ConnectTickets tickets, SessionRevocations revocations, Bans bans,
      Duration ticketTtl) {
    this.tokens = tokens;
    this.tickets = tickets;
    this.revocations = revocations;
    this.bans = bans;
    this.ticketTtl = ticketTtl;
  }

  /** A ticket and when it stops working. */
  public record Ticket(String ticket, Instant expiresAt, SessionClaims session) {}

  /**
   * The session behind the token, if it is good, its user not banned and the session not revoked.
   * The ban is checked first: a ban also revokes, and "banned" is the answer the user can act on.
   */
  public SessionClaims session(String sessionToken, Instant now) throws InvalidTokenException {
    SessionClaims claims = tokens.verifyClaims(sessionToken, now);
    refuseBanned(claims.userId(), now);
    refuseRevoked(claims);
    return claims;
  }

  private void refuseBanned(String userId, Instant now) throws UserBannedException {
    Ban ban = bans.inForce(userId, now.toEpochMilli());
    if (ban != null) {
      throw new UserBannedException(ban);
    }
  }

  private void refuseRevoked(SessionClaims claims) throws InvalidTokenException {
    if (revocations.revoked(claims.userId(), claims.issuedAtMillis())) {
      throw new InvalidTokenException("session revoked (signed out); sign in again with POST /api/v1/session");
    }
  }

  public Ticket ticketFor(String sessionToken, Instant now) throws InvalidTokenException {
    SessionClaims claims = session(sessionToken, now);
    return new Ticket(tickets.mint(claims, ticketTtl), now.plus(ticketTtl), claims);
  }

  /**
   * The session of a handshake: its ticket, redeemed (so never again), or else its deprecated
   * session token. Throws with the reason the handshake is refused. A redeemed ticket's session is
   * checked again: a ticket bought just before a ban or a sign-out must not open a socket after it.
   */
  public SessionClaims admit(String ticket, String legacyToken, Instant now) throws InvalidTokenException {
    if (ticket != null && !ticket.isEmpty()) {
      SessionClaims claims = tickets.redeem(ticket);
      if (claims == null) {
        throw new InvalidTokenException("unknown, used or expired ticket; get a new one from POST /api/v1/connect-ticket");
      }
      refuseBanned(claims.userId(), now);
      refuseRevoked(claims);
      return claims;
    }
    if (legacyToken == null || legacyToken.isEmpty()) {
      throw new InvalidTokenException("no ticket; get one from POST /api/v1/connect-ticket and connect with ?ticket=");
    }
    return session(legacyToken, now);
  }

  /**
   * {@link #admit} for an event loop (the edge): a ticket is redeemed with one non-blocking Redis
   * call, then its user's ban is asked with another ({@link Bans#inForceAsync}), so a ticket bought
   * just before a ban opens no socket after it ({@link UserBannedException}). Unlike in {@link #admit}
   * the session's revocation is not checked again (that read has no non-blocking form; the ticket
   * route checked it when the ticket was bought, at most a ticket's life ago, and a sign-out's notice
   * closes the socket). A deprecated session token is checked off the caller's thread. Fails with
   * {@link InvalidTokenException}.
   */
  public CompletionStage<SessionClaims> admitAsync(String ticket, String legacyToken, Instant now) {
    if (ticket != null && !ticket.isEmpty()) {
      return tickets.redeemAsync(ticket).thenCompose(claims -> {
        if (claims == null) {
          throw new CompletionException(new InvalidTokenException(
              "unknown, used or expired ticket; get a new one from POST /api/v1/connect-ticket"));
        }
        return bans.inForceAsync(claims.userId(), now.toEpochMilli()).thenApply(ban -> {
          if (ban != null) {
            throw new CompletionException(new UserBannedException(ban));
          }
          return claims;
        });
      });
    }
    if (legacyToken == null || legacyToken.isEmpty()) {
      return CompletableFuture.failedFuture(
          new InvalidTokenException("no ticket; get one from POST /api/v1/connect-ticket and connect with ?ticket="));
    }
    // The revocation check is a blocking Redis read: off the caller's (event loop) thread.
    return CompletableFuture.supplyAsync(() -> {
      try {
        return session(legacyToken, now);
      } catch (InvalidTokenException e) {
        throw new CompletionException(e);
      }
    });
  }

  /**
   * The session a sign-out ends: a good, unrevoked token, whether or not its user is banned (a banned
   * user may still end their sessions). The caller revokes them ({@code revokeAll}) and closes their sockets.
   */
  public SessionClaims signingOut(String sessionToken, Instant now) throws InvalidTokenException {
    SessionClaims claims = tokens.verifyClaims(sessionToken, now);
    refuseRevoked(claims);
    return claims;
  }

  /** Signs the user out everywhere: every session issued until now stops buying tickets. */
  public SessionClaims signOut(String sessionToken, Instant now) throws InvalidTokenException {
    SessionClaims claims = signingOut(sessionToken, now);
    revocations.revokeAll(claims.userId(), now.toEpochMilli());
    return claims;
  }
}
