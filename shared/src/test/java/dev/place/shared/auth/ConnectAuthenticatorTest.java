package dev.place.shared.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.place.shared.moderation.Ban;
import dev.place.shared.moderation.InMemoryBans;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConnectAuthenticatorTest {

  private final Instant now = Instant.parse("2026-12-01T10:00:00Z");
  private final TokenService tokens = new TokenService("0123456789abcdef-secret", Duration.ofHours(24));
  private final InMemoryAuthStores stores = new InMemoryAuthStores();
  private final InMemoryBans bans = new InMemoryBans();
  private final ConnectAuthenticator auth = new ConnectAuthenticator(tokens, stores, stores, bans, Duration.ofSeconds(30));

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

  @Test
  void aBannedUserBuysNoTicketAndConnectsWithNoTokenAndTheRefusalCarriesTheBan() throws Exception {
    String token = tokens.issue("u-mallory", now).token();
    Ban ban = new Ban("u-mallory", now.toEpochMilli(), now.plusSeconds(3600).toEpochMilli(), "botting", "u-mod");
    bans.put(ban);

    assertThatThrownBy(() -> auth.ticketFor(token, now.plusSeconds(1)))
        .isInstanceOfSatisfying(UserBannedException.class, e -> {
          assertThat(e.ban()).isEqualTo(ban);
          assertThat(e.getMessage()).contains("botting").contains("2026-12-01T11:00:00Z");
        });
    assertThatThrownBy(() -> auth.admit(null, token, now.plusSeconds(1))).isInstanceOf(UserBannedException.class);
    assertThatThrownBy(() -> auth.admitAsync(null, token, now.plusSeconds(1)).toCompletableFuture().join())
        .hasCauseInstanceOf(UserBannedException.class);
    assertThat(auth.session(tokens.issue("u-bob", now).token(), now).userId()).as("others are untouched").isEqualTo("u-bob");
  }

  @Test
  void aTicketBoughtBeforeABanOrASignOutOpensNoConnectionAfterIt() throws Exception {
    String ticket = auth.ticketFor(tokens.issue("u-mallory", now).token(), now).ticket();
    bans.put(new Ban("u-mallory", now.plusSeconds(1).toEpochMilli(), 0, "griefing", "u-mod"));
    assertThatThrownBy(() -> auth.admit(ticket, null, now.plusSeconds(2))).isInstanceOf(UserBannedException.class);

    String session = tokens.issue("u-alice", now).token();
    String aliceTicket = auth.ticketFor(session, now).ticket();
    auth.signOut(session, now.plusSeconds(1));
    assertThatThrownBy(() -> auth.admit(aliceTicket, null, now.plusSeconds(2))).hasMessageContaining("revoked");
  }

  @Test
  void onTheEdgesAsynchronousPathATicketBoughtBeforeABanOpensNoConnectionAfterItButAnotherUsersDoes() throws Exception {
    String ticket = auth.ticketFor(tokens.issue("u-mallory", now).token(), now).ticket();
    String bobsTicket = auth.ticketFor(tokens.issue("u-bob", now).token(), now).ticket();
    bans.put(new Ban("u-mallory", now.plusSeconds(1).toEpochMilli(), 0, "griefing", "u-mod"));

    assertThatThrownBy(() -> auth.admitAsync(ticket, null, now.plusSeconds(2)).toCompletableFuture().join())
        .hasCauseInstanceOf(UserBannedException.class).hasMessageContaining("griefing");
    assertThat(auth.admitAsync(bobsTicket, null, now.plusSeconds(2)).toCompletableFuture().join().userId()).isEqualTo("u-bob");
  }

  @Test
  void theBannedAnswersBodyIsTheRestErrorShapeWithTheBansReasonAndEnd() {
    UserBannedException timed = new UserBannedException(
        new Ban("u-m", now.toEpochMilli(), now.plusSeconds(3600).toEpochMilli(), "bot \"x\"", "u-mod"));
    UserBannedException forever = new UserBannedException(new Ban("u-m", now.toEpochMilli(), 0, "", "u-mod"));

    assertThat(timed.body()).isEqualTo("{\"code\":\"USER_BANNED\",\"message\":\"this user is banned until 2026-12-01T11:00:00Z: bot \\\"x\\\"\","
        + "\"reason\":\"bot \\\"x\\\"\",\"expiresAt\":\"2026-12-01T11:00:00.000Z\"}");
    assertThat(forever.body()).endsWith("\"reason\":\"\",\"expiresAt\":null}");
  }

  @Test
  void anExpiredBanNoLongerRefusesButTheSessionsItRevokedStayRevoked() throws Exception {
    String before = tokens.issue("u-mallory", now).token();
    stores.revokeAll("u-mallory", now.toEpochMilli()); // what the ban route does with the ban
    bans.put(new Ban("u-mallory", now.toEpochMilli(), now.plusSeconds(60).toEpochMilli(), "", "u-mod"));
    Instant later = now.plusSeconds(61);

    String after = tokens.issue("u-mallory", later).token();
    assertThat(auth.ticketFor(after, later).session().userId()).isEqualTo("u-mallory");
    assertThatThrownBy(() -> auth.ticketFor(before, later)).isNotInstanceOf(UserBannedException.class)
        .hasMessageContaining("revoked");
  }

  @Test
  void aBannedUserMayStillSignOut() throws Exception {
    String token = tokens.issue("u-mallory", now).token();
    bans.put(new Ban("u-mallory", now.toEpochMilli(), 0, "", "u-mod"));
    assertThat(auth.signOut(token, now.plusSeconds(1)).userId()).isEqualTo("u-mallory");
  }
}
