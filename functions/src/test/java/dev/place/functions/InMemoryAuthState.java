package dev.place.functions;

import dev.place.shared.auth.ConnectTickets;
import dev.place.shared.auth.SessionClaims;
import dev.place.shared.auth.SessionRevocations;
import dev.place.shared.moderation.Ban;
import dev.place.shared.moderation.Bans;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Tickets, revocations and bans in memory, with Redis's single-use semantics (GETDEL), for handler tests. */
final class InMemoryAuthState implements ConnectTickets, SessionRevocations, Bans {

  final Map<String, SessionClaims> tickets = new HashMap<>();
  final Map<String, Long> revoked = new HashMap<>();
  final Map<String, Ban> bans = new HashMap<>();
  private int next;

  @Override
  public String mint(SessionClaims session, Duration ttl) {
    String ticket = "ticket" + next++;
    tickets.put(ticket, session);
    return ticket;
  }

  @Override
  public SessionClaims redeem(String ticket) {
    return tickets.remove(ticket);
  }

  @Override
  public CompletionStage<SessionClaims> redeemAsync(String ticket) {
    return CompletableFuture.completedFuture(redeem(ticket));
  }

  @Override
  public void revokeAll(String userId, long atMillis) {
    revoked.merge(userId, atMillis, Math::max);
  }

  @Override
  public long revokedBefore(String userId) {
    return revoked.getOrDefault(userId, 0L);
  }

  @Override
  public Ban inForce(String userId, long nowMillis) {
    Ban ban = bans.get(userId);
    return ban != null && ban.inForceAt(nowMillis) ? ban : null;
  }

  @Override
  public void put(Ban ban) {
    bans.put(ban.userId(), ban);
  }

  @Override
  public Ban lift(String userId) {
    return bans.remove(userId);
  }
}
