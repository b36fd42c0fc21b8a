package dev.place.shared.auth;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Tickets and revocations in memory, for unit tests of the code that uses them (the Redis ones have an IT). */
final class InMemoryAuthStores implements ConnectTickets, SessionRevocations {

  final Map<String, SessionClaims> tickets = new HashMap<>();
  final Map<String, Long> revoked = new HashMap<>();
  private int next;

  @Override
  public synchronized String mint(SessionClaims session, Duration ttl) {
    String ticket = "t" + next++;
    tickets.put(ticket, session);
    return ticket;
  }

  @Override
  public synchronized SessionClaims redeem(String ticket) {
    return tickets.remove(ticket);
  }

  @Override
  public CompletionStage<SessionClaims> redeemAsync(String ticket) {
    return CompletableFuture.completedFuture(redeem(ticket));
  }

  @Override
  public synchronized void revokeAll(String userId, long atMillis) {
    revoked.merge(userId, atMillis, Math::max);
  }

  @Override
  public synchronized long revokedBefore(String userId) {
    return revoked.getOrDefault(userId, 0L);
  }
}
