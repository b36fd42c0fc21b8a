package dev.place.shared.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Who opens a WebSocket: a session token buys a connect ticket ({@code POST /api/v1/connect-ticket}),
 * the handshake carries the ticket ({@code ?ticket=}), and {@code $connect} (or the edge) redeems
 * it once. Revoked sessions (sign-out, bans) buy no ticket. The session token itself in the query
 * string ({@code ?token=}) is still admitted, but deprecated: it ends up in access logs.
 */
public final class ConnectAuthenticator {

  private final TokenService tokens;
  private final ConnectTickets tickets;
  private final SessionRevocations revocations;
  private final Duration ticketTtl;

  public ConnectAuthenticator(TokenService tokens, ConnectTickets tickets, SessionRevocations revocations, Duration ticketTtl) {
    this.tokens = tokens;
    this.tickets = tickets;
    this.revocations = revocations;
    this.ticketTtl = ticketTtl;
  }

  /** A ticket and when it stops working. */
  public record Ticket(String ticket, Instant expiresAt, SessionClaims session) {}

  /** The session behind the token, if it is good and not revoked. */
  public SessionClaims session(String sessionToken, Instant now) throws InvalidTokenException {
    SessionClaims claims = tokens.verifyClaims(sessionToken, now);
    if (revocations.revoked(claims.userId(), claims.issuedAtMillis())) {
      throw new InvalidTokenException("session revoked (signed out); sign in again with POST /api/v1/session");
    }
    return claims;
  }

  public Ticket ticketFor(String sessionToken, Instant now) throws InvalidTokenException {
    SessionClaims claims = session(sessionToken, now);
    return new Ticket(tickets.mint(claims, ticketTtl), now.plus(ticketTtl), claims);
  }

  /**
   * The session of a handshake: its ticket, redeemed (so never again), or else its deprecated
   * session token. Throws with the reason the handshake is refused.
   */
  public SessionClaims admit(String ticket, String legacyToken, Instant now) throws InvalidTokenException {
    if (ticket != null && !ticket.isEmpty()) {
      SessionClaims claims = tickets.redeem(ticket);
      if (claims == null) {
        throw new InvalidTokenException("unknown, used or expired ticket; get a new one from POST /api/v1/connect-ticket");
      }
      return claims;
    }
    if (legacyToken == null || legacyToken.isEmpty()) {
      throw new InvalidTokenException("no ticket; get one from POST /api/v1/connect-ticket and connect with ?ticket=");
    }
    return session(legacyToken, now);
  }

  /**
   * {@link #admit} for an event loop (the edge): a ticket is redeemed with one non-blocking Redis
   * call; a deprecated session token is verified without I/O, so without the revocation check (the
   * ticket route made that check when the ticket was bought). Fails with {@link InvalidTokenException}.
   */
  public CompletionStage<SessionClaims> admitAsync(String ticket, String legacyToken, Instant now) {
    if (ticket != null && !ticket.isEmpty()) {
      return tickets.redeemAsync(ticket).thenApply(claims -> {
        if (claims == null) {
          throw new CompletionException(new InvalidTokenException(
              "unknown, used or expired ticket; get a new one from POST /api/v1/connect-ticket"));
        }
        return claims;
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

  /** Signs the user out everywhere: every session issued until now stops buying tickets. */
  public SessionClaims signOut(String sessionToken, Instant now) throws InvalidTokenException {
    SessionClaims claims = session(sessionToken, now);
    revocations.revokeAll(claims.userId(), now.toEpochMilli());
    return claims;
  }
}
