package dev.place.shared.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionIssuerTest {

  private final Instant now = Instant.parse("2026-12-01T10:00:00Z");
  private final TokenService tokens = new TokenService("0123456789abcdef-secret", Duration.ofHours(24));
  private final Map<String, Integer> minted = new HashMap<>();
  private final GuestSessionLimit twoPerAddress = (ip, t) -> minted.merge(ip, 1, Integer::sum) <= 2 ? Duration.ZERO : Duration.ofMinutes(17);
  private final IdTokenVerifier provider = (idToken, at) -> {
    if (!idToken.startsWith("good:")) {
      throw new InvalidTokenException("ID token refused: bad signature");
    }
    return new Account("u-" + idToken.substring(5), idToken.endsWith("admin") ? Role.ADMIN : Role.USER);
  };

  @Test
  void aVerifiedIdTokenGivesASessionOfItsAccountWithItsRole() throws Exception {
    SessionIssuer issuer = new SessionIssuer(tokens, provider, false, twoPerAddress);
    TokenService.Session first = issuer.signIn("good:alice", now);
    TokenService.Session second = issuer.signIn("good:alice", now.plusSeconds(5));
    assertThat(first.userId()).isEqualTo("u-alice").isEqualTo(second.userId());
    assertThat(first.role()).isEqualTo(Role.USER);
    assertThat(tokens.verifyClaims(issuer.signIn("good:theadmin", now).token(), now).role()).isEqualTo(Role.ADMIN);
  }

  @Test
  void aRefusedIdTokenIsA401WithTheReason() {
    SessionIssuer issuer = new SessionIssuer(tokens, provider, true, twoPerAddress);
    assertThatThrownBy(() -> issuer.signIn("forged", now)).isInstanceOfSatisfying(SignInException.class, e -> {
      assertThat(e.code()).isEqualTo("INVALID_ID_TOKEN");
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.getMessage()).contains("bad signature");
    });
  }

  @Test
  void withoutAProviderSignInIsNotConfigured() {
    SessionIssuer issuer = new SessionIssuer(tokens, null, true, twoPerAddress);
    assertThat(issuer.signInConfigured()).isFalse();
    assertThatThrownBy(() -> issuer.signIn("good:alice", now))
        .isInstanceOfSatisfying(SignInException.class, e -> assertThat(e.code()).isEqualTo("SIGN_IN_NOT_CONFIGURED"));
  }

  @Test
  void guestsAreRefusedWhereTheOperatorTurnedThemOff() {
    SessionIssuer issuer = new SessionIssuer(tokens, provider, false, twoPerAddress);
    assertThatThrownBy(() -> issuer.guest("192.0.2.1", now)).isInstanceOfSatisfying(SignInException.class, e -> {
      assertThat(e.code()).isEqualTo("GUESTS_DISABLED");
      assertThat(e.status()).isEqualTo(403);
    });
    assertThat(minted).as("not even counted").isEmpty();
  }

  @Test
  void guestMintingIsLimitedPerAddress() throws Exception {
    SessionIssuer issuer = new SessionIssuer(tokens, provider, true, twoPerAddress);
    assertThat(issuer.guest("192.0.2.1", now).role()).isEqualTo(Role.GUEST);
    assertThat(issuer.guest("192.0.2.1", now).userId()).startsWith("guest-");
    assertThatThrownBy(() -> issuer.guest("192.0.2.1", now)).isInstanceOfSatisfying(SignInException.class, e -> {
      assertThat(e.code()).isEqualTo("GUEST_RATE_LIMITED");
      assertThat(e.status()).isEqualTo(429);
      assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(17));
    });
    assertThat(issuer.guest("198.51.100.7", now).role()).as("another address").isEqualTo(Role.GUEST);
  }

  @Test
  void aBannedAccountGetsNoSessionUntilItsBanEnds() throws Exception {
    var bans = new dev.place.shared.moderation.InMemoryBans();
    bans.put(new dev.place.shared.moderation.Ban("u-alice", now.toEpochMilli(), now.plusSeconds(60).toEpochMilli(), "spam", "u-mod"));
    SessionIssuer issuer = new SessionIssuer(tokens, provider, true, twoPerAddress, bans);

    assertThatThrownBy(() -> issuer.signIn("good:alice", now)).isInstanceOfSatisfying(UserBannedException.class,
        e -> assertThat(e.ban().reason()).isEqualTo("spam"));
    assertThat(issuer.signIn("good:bob", now).userId()).isEqualTo("u-bob");
    assertThat(issuer.signIn("good:alice", now.plusSeconds(60)).userId()).as("the ban ended").isEqualTo("u-alice");
  }
}
