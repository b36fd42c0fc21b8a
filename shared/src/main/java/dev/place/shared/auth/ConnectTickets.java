package dev.place.shared.auth;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Short-lived, single-use tickets for opening a WebSocket: the ticket, not the session token, goes
 * in the handshake's query string, so the URLs that end up in access logs hold nothing reusable
 * (docs/protocol.md, Connecting). A ticket is opaque; its claims stay on the server.
 */
public interface ConnectTickets {

  /** A new ticket for the session, redeemable once within {@code ttl}. */
  String mint(SessionClaims session, Duration ttl);

  /** The ticket's session, removing the ticket; null when unknown, already used or expired. */
  SessionClaims redeem(String ticket);

  /** {@link #redeem} without blocking the caller's thread (for the edge's event loops). */
  CompletionStage<SessionClaims> redeemAsync(String ticket);
}
