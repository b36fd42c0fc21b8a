package dev.place.shared.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConnectAuthenticatorTest {

  private final Instant now = Instant.parse("2026-12-01T10:00:00Z");
  private final TokenService tokens = new TokenService("0123456789abcdef-secret", Duration.ofHours(24));
  private final InMemoryAuthStores stores = new InMemoryAuthStores();
  private final ConnectAuthenticator auth = new ConnectAuthenticator(tokens, stores, stores, Duration.ofSeconds(30));

  @Test
  void aTicketOpensExactlyOneConnectionAsTheSessionsUser() throws Exception {
    String session = tokens.issue("u-alice", Role.MODERATOR, now).token();
    ConnectAuthenticator.Ticket ticket = auth.ticketFor(session, now);
    assertThat(ticket.ticket()).doesNotContain(session);
    assertThat(ticket.expiresAt()).isEqualTo(now.plusSeconds(30));
    SessionClaims admitted = auth.admit(ticket.ticket(), null, now);
    assertThat(admitted.userId()).isEqualTo("u-alice");
    assertThat(admitted.role()).isEqualTo(Role.MODERATOR);
    assertThatThrownBy(() -> auth.admit(ticket.ticket(), null, now)).hasMessageContaining("used");
  }

  @Test
  void aHandshakeWithoutTicketOrTokenIsRefusedWithTheWayToGetOne() {
    assertThatThrownBy(() -> auth.admit(null, null, now)).hasMessageContaining("POST /api/v1/connect-ticket");
    assertThatThrownBy(() -> auth.admit("made-up", null, now)).hasMessageContaining("unknown");
  }

  @Test
  void theDeprecatedSessionTokenInTheQueryIsStillAdmitted() throws Exception {
    assertThat(auth.admit(null, tokens.issue("u-bob", now).token(), now).userId()).isEqualTo("u-bob");
  }

  @Test
  void signingOutRevokesEverySessionIssuedUntilThenButNotLaterOnes() throws Exception {
    String phone = tokens.issue("u-alice", now).token();
    String laptop = tokens.issue("u-alice", now.plusSeconds(60)).token();
    auth.signOut(laptop, now.plusSeconds(120));
    for (String revoked : new String[] {phone, laptop}) {
      assertThatThrownBy(() -> auth.ticketFor(revoked, now.plusSeconds(121))).hasMessageContaining("revoked");
      assertThatThrownBy(() -> auth.admit(null, revoked, now.plusSeconds(121))).hasMessageContaining("revoked");
      assertThatThrownBy(() -> auth.admitAsync(null, revoked, now.plusSeconds(121)).toCompletableFuture().join())
          .as("the edge's asynchronous admission checks revocations too").hasMessageContaining("revoked");
    }
    String again = tokens.issue("u-alice", now.plusSeconds(130)).token();
    assertThat(auth.ticketFor(again, now.plusSeconds(131)).session().userId()).isEqualTo("u-alice");
    assertThat(stores.revokedBefore("u-bob")).as("others are untouched").isZero();
  }

  @Test
  void badSessionTokensBuyNoTicket() {
    assertThatThrownBy(() -> auth.ticketFor("forged.token", now)).isInstanceOf(InvalidTokenException.class);
    String expired = tokens.issue("u-alice", now.minus(Duration.ofDays(2))).token();
    assertThatThrownBy(() -> auth.ticketFor(expired, now)).hasMessageContaining("expired");
  }
}
