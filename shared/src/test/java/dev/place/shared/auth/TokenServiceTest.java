package dev.place.shared.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenServiceTest {

  private final Instant now = Instant.parse("2026-11-28T08:00:00Z");
  private final TokenService tokens = new TokenService("0123456789abcdef-secret", Duration.ofHours(1));

  @Test
  void aTokenItIssuedVerifiesAsItsUser() throws InvalidTokenException {
    TokenService.Session session = tokens.issue("alice", now);
    assertThat(tokens.verify(session.token(), now.plusSeconds(10))).isEqualTo("alice");
    assertThat(session.expiresAt()).isEqualTo(now.plus(Duration.ofHours(1)));
  }

  @Test
  void guestsGetDistinctIds() throws InvalidTokenException {
    TokenService.Session a = tokens.issueGuest(now);
    TokenService.Session b = tokens.issueGuest(now);
    assertThat(a.userId()).startsWith("guest-").isNotEqualTo(b.userId());
    assertThat(tokens.verify(a.token(), now)).isEqualTo(a.userId());
  }

  @Test
  void expiredTokensAreRefused() {
    String token = tokens.issue("alice", now).token();
    assertThatThrownBy(() -> tokens.verify(token, now.plus(Duration.ofHours(1))))
        .isInstanceOf(InvalidTokenException.class).hasMessageContaining("expired");
  }

  @Test
  void tokensSignedWithAnotherSecretAreRefused() {
    String foreign = new TokenService("another-secret-of-16+", Duration.ofHours(1)).issue("alice", now).token();
    assertThatThrownBy(() -> tokens.verify(foreign, now)).hasMessageContaining("signature");
  }

  @Test
  void tamperedPayloadsAreRefused() {
    String token = tokens.issue("alice", now).token();
    String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(("mallory|" + now.plusSeconds(3600).getEpochSecond()).getBytes());
    String forged = forgedPayload + token.substring(token.indexOf('.'));
    assertThatThrownBy(() -> tokens.verify(forged, now)).hasMessageContaining("signature");
  }

  @Test
  void missingAndMalformedTokensAreRefusedWithAReason() {
    assertThatThrownBy(() -> tokens.verify(null, now)).hasMessageContaining("POST /api/v1/session");
    assertThatThrownBy(() -> tokens.verify("", now)).isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> tokens.verify("abc", now)).hasMessageContaining("malformed");
    assertThatThrownBy(() -> tokens.verify("a.b.c", now)).hasMessageContaining("malformed");
    assertThatThrownBy(() -> tokens.verify("!!!.???", now)).hasMessageContaining("malformed");
  }

  @Test
  void aSignatureSpelledOtherThanCanonicallyIsRefused() throws InvalidTokenException {
    String token = tokens.issue("alice", now).token();
    String signature = token.substring(token.indexOf('.') + 1);
    // 32 bytes are 43 characters; the last carries 4 bits of the digest and 2 unused bits.
    assertThat(signature).hasSize(43);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int last = alphabet.indexOf(signature.charAt(42));
    assertThat(last & 0b11).as("the issued spelling leaves the unused bits zero").isZero();
    String body = token.substring(0, token.length() - 1);
    for (int unused = 1; unused < 4; unused++) {
      String variant = body + alphabet.charAt(last | unused);
      assertThat(java.util.Base64.getUrlDecoder().decode(variant.substring(variant.indexOf('.') + 1)))
          .as("the variant decodes to the same digest").isEqualTo(java.util.Base64.getUrlDecoder().decode(signature));
      assertThatThrownBy(() -> tokens.verify(variant, now)).hasMessageContaining("malformed");
    }
    assertThatThrownBy(() -> tokens.verify(token + "=", now)).hasMessageContaining("malformed");
    assertThat(tokens.verify(token, now)).isEqualTo("alice");
  }

  @Test
  void aSessionExpiresAtTheWholeSecondItsTokenCarries() {
    TokenService.Session session = tokens.issue("alice", now.plusNanos(79_175_645));
    assertThat(session.expiresAt()).isEqualTo(now.plus(Duration.ofHours(1)));
    assertThatThrownBy(() -> tokens.verify(session.token(), session.expiresAt())).hasMessageContaining("expired");
  }

  @Test
  void shortSecretsAndBadUserIdsAreProgrammingErrors() {
    assertThatThrownBy(() -> new TokenService("short", Duration.ofHours(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tokens.issue("a|b", now)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTokenCarriesItsRoleAndWhenItWasIssued() throws InvalidTokenException {
    SessionClaims claims = tokens.verifyClaims(tokens.issue("u-moderator", Role.MODERATOR, now.plusMillis(7)).token(), now);
    assertThat(claims).isEqualTo(new SessionClaims("u-moderator", Role.MODERATOR, now.toEpochMilli() + 7, now.plus(Duration.ofHours(1))));
    SessionClaims guest = tokens.verifyClaims(tokens.issueGuest(now).token(), now);
    assertThat(guest.role()).isEqualTo(Role.GUEST);
    assertThat(guest.guest()).isTrue();
    assertThat(TokenService.isGuest(guest.userId())).isTrue();
  }

  @Test
  void onlyGuestIdsCarryTheGuestRole() throws InvalidTokenException {
    assertThatThrownBy(() -> tokens.issue("guest-abc", Role.USER, now)).isInstanceOf(IllegalArgumentException.class);
    assertThat(tokens.verifyClaims(tokens.issue("guest-abc", now).token(), now).role()).isEqualTo(Role.GUEST);
    assertThatThrownBy(() -> tokens.issue("u-abc", Role.GUEST, now)).isInstanceOf(IllegalArgumentException.class);
  }
}
