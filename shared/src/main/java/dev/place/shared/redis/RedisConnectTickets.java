package dev.place.shared.redis;

import dev.place.shared.auth.ConnectTickets;
import dev.place.shared.auth.Role;
import dev.place.shared.auth.SessionClaims;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.CompletionStage;

/**
 * Connect tickets as Redis strings that expire on their own: {@code place:ticket:{<ticket>}} holds
 * the session's claims; GETDEL redeems it, atomically, so a ticket opens at most one connection.
 * 128 random bits: unguessable, and nothing in them to read.
 */
public final class RedisConnectTickets implements ConnectTickets {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final int MAX_TICKET_LENGTH = 64;

  private final RedisClusterCommands<String, byte[]> sync;
  private final RedisClusterAsyncCommands<String, byte[]> async;
  private final SecureRandom random = new SecureRandom();

  public RedisConnectTickets(RedisConnector connector) {
    this.sync = connector.sync();
    this.async = connector.async();
  }

  static String key(String ticket) {
    return "place:ticket:{" + ticket + "}";
  }

  @Override
  public String mint(SessionClaims session, Duration ttl) {
    byte[] bits = new byte[16];
    random.nextBytes(bits);
    String ticket = B64.encodeToString(bits);
    String value = session.userId() + "|" + session.role().wireName() + "|" + session.issuedAtMillis() + "|"
        + session.expiresAt().getEpochSecond();
    sync.set(key(ticket), value.getBytes(StandardCharsets.UTF_8), SetArgs.Builder.px(ttl.toMillis()));
    return ticket;
  }

  @Override
  public SessionClaims redeem(String ticket) {
    return wellFormed(ticket) ? decode(sync.getdel(key(ticket))) : null;
  }

  @Override
  public CompletionStage<SessionClaims> redeemAsync(String ticket) {
    if (!wellFormed(ticket)) {
      return java.util.concurrent.CompletableFuture.completedFuture(null);
    }
    return async.getdel(key(ticket)).thenApply(RedisConnectTickets::decode);
  }

  /** Our tickets are base64url of 16 bytes; anything else is not looked up (and cannot name another key). */
  private static boolean wellFormed(String ticket) {
    if (ticket == null || ticket.isEmpty() || ticket.length() > MAX_TICKET_LENGTH) {
      return false;
    }
    for (int i = 0; i < ticket.length(); i++) {
      char c = ticket.charAt(i);
      if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-' && c != '_') {
        return false;
      }
    }
    return true;
  }

  private static SessionClaims decode(byte[] value) {
    if (value == null) {
      return null;
    }
    String[] parts = new String(value, StandardCharsets.UTF_8).split("\\|", -1);
    return new SessionClaims(parts[0], Role.parse(parts[1]), Long.parseLong(parts[2]), Instant.ofEpochSecond(Long.parseLong(parts[3])));
  }
}
