package dev.place.shared.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.place.shared.auth.Account;
import dev.place.shared.auth.InvalidTokenException;
import dev.place.shared.auth.Role;
import java.net.URL;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Unit tests for {@link OidcIdTokenVerifier}: keys made at run time, JWKS served from memory. */
class OidcIdTokenVerifierTest {

  static final String ISSUER = "https://idp.example/pool";
  static final String CLIENT = "place-web";
  private final Instant now = Instant.now();
  // RSA key generation takes ~100 ms a key: made once for all tests.
  private static final RSAKey PROVIDER = rsa("k1");
  private static final RSAKey ROTATED = rsa("k2");
  private static final RSAKey FORGER = rsa("k1");
  private final RSAKey rsa = PROVIDER;
  private final AtomicReference<JWKSet> published = new AtomicReference<>(new JWKSet(rsa.toPublicJWK()));
  private final AtomicInteger fetches = new AtomicInteger();
  private final ResourceRetriever jwksServer = url -> {
    fetches.incrementAndGet();
    return new Resource(published.get().toString(), "application/json");
  };
  private final OidcIdTokenVerifier verifier = new OidcIdTokenVerifier(ISSUER, CLIENT,
      OidcIdTokenVerifier.keys(url("https://idp.example/pool/jwks"), jwksServer),
      new GroupRoles("cognito:groups", List.of("moderators"), List.of("admins")), Clock.systemUTC());

  @Test
  void aGoodTokenVerifiesAsTheStableUserIdOfItsIssuerAndSubject() throws Exception {
    Account account = verifier.verify(rs256(rsa, c -> {}), now);
    assertThat(account.userId()).isEqualTo(AccountIds.of(ISSUER, "alice-sub")).startsWith("u-").hasSize(22);
    assertThat(verifier.verify(rs256(rsa, c -> {}), now)).isEqualTo(account);
    assertThat(account.role()).isEqualTo(Role.USER);
    assertThat(AccountIds.of(ISSUER, "bob-sub")).isNotEqualTo(account.userId());
    assertThat(AccountIds.of("https://other.example", "alice-sub")).isNotEqualTo(account.userId());
  }

  @Test
  void es256IsAcceptedToo() throws Exception {
    ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec1").generate();
    published.set(new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())));
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec1").build(), claims(c -> {}).build());
    jwt.sign(new ECDSASigner(ec));
    assertThat(verifier.verify(jwt.serialize(), now).userId()).isEqualTo(AccountIds.of(ISSUER, "alice-sub"));
  }

  @Test
  void aSignatureByAnotherKeyWithTheSameKeyIdIsRefused() {
    String forged = rs256(FORGER, c -> {});
    assertThatThrownBy(() -> verifier.verify(forged, now)).isInstanceOf(InvalidTokenException.class)
        .hasMessageContaining("signature");
  }

  @Test
  void aTamperedPayloadIsRefused() {
    String token = rs256(rsa, c -> {});
    String[] parts = token.split("\\.");
    String other = rs256(rsa, c -> c.subject("mallory")).split("\\.")[1];
    assertThatThrownBy(() -> verifier.verify(parts[0] + "." + other + "." + parts[2], now))
        .isInstanceOf(InvalidTokenException.class).hasMessageContaining("signature");
  }

  @Test
  void anotherIssuerIsRefused() {
    assertThatThrownBy(() -> verifier.verify(rs256(rsa, c -> c.issuer("https://evil.example")), now))
        .isInstanceOf(InvalidTokenException.class).hasMessageContaining("iss");
  }

  @Test
  void aTokenForAnotherClientIsRefused() {
    assertThatThrownBy(() -> verifier.verify(rs256(rsa, c -> c.audience("another-app")), now))
        .isInstanceOf(InvalidTokenException.class).hasMessageContaining("aud");
  }

  @Test
  void expiredTokensAreRefusedPastTheClockSkew() throws Exception {
    String expired = rs256(rsa, c -> c.issueTime(Date.from(now.minusSeconds(3600))).expirationTime(Date.from(now.minusSeconds(61))));
    assertThatThrownBy(() -> verifier.verify(expired, now)).isInstanceOf(InvalidTokenException.class).hasMessageContaining("xpired");
    String justExpired = rs256(rsa, c -> c.issueTime(Date.from(now.minusSeconds(3600))).expirationTime(Date.from(now.minusSeconds(30))));
    assertThat(verifier.verify(justExpired, now).userId()).as("within the 60 s skew").startsWith("u-");
  }

  @Test
  void notYetValidAndFutureIssuedTokensAreRefused() {
    assertThatThrownBy(() -> verifier.verify(rs256(rsa, c -> c.notBeforeTime(Date.from(now.plusSeconds(300)))), now))
        .isInstanceOf(InvalidTokenException.class).hasMessageContaining("before use time");
    assertThatThrownBy(() -> verifier.verify(rs256(rsa, c -> c.issueTime(Date.from(now.plusSeconds(300)))), now))
        .isInstanceOf(InvalidTokenException.class).hasMessageContaining("future");
  }

  @Test
  void unsignedTokensAreRefused() {
    String none = new PlainJWT(claims(c -> {}).build()).serialize();
    assertThatThrownBy(() -> verifier.verify(none, now)).isInstanceOf(InvalidTokenException.class);
    // The same with a header that claims RS256 but no signature part.
    String stripped = rs256(rsa, c -> {});
    assertThatThrownBy(() -> verifier.verify(stripped.substring(0, stripped.lastIndexOf('.') + 1), now))
        .isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void hmacSignedWithThePublicKeyIsRefused() throws Exception {
    // The classic algorithm confusion: HS256 keyed with the provider's public key, which anyone has.
    byte[] publicKey = rsa.toPublicJWK().toRSAPublicKey().getEncoded();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), claims(c -> {}).build());
    jwt.sign(new MACSigner(publicKey));
    assertThatThrownBy(() -> verifier.verify(jwt.serialize(), now)).isInstanceOf(InvalidTokenException.class);
  }

  @Test
  void tokensWithoutSubjectExpiryOrIssueTimeAreRefused() {
    for (String claim : List.of("sub", "exp", "iat")) {
      String token = rs256(rsa, c -> c.claim(claim, null));
      assertThatThrownBy(() -> verifier.verify(token, now)).as(claim).isInstanceOf(InvalidTokenException.class)
          .hasMessageContaining(claim);
    }
    assertThatThrownBy(() -> verifier.verify(rs256(rsa, c -> c.subject(" ")), now)).hasMessageContaining("subject");
  }

  @Test
  void cognitoAccessTokensAreNotASignIn() {
    assertThatThrownBy(() -> verifier.verify(rs256(rsa, c -> c.claim("token_use", "access")), now))
        .isInstanceOf(InvalidTokenException.class).hasMessageContaining("token_use");
  }

  @Test
  void malformedAndMissingTokensAreRefusedWithAReason() {
    assertThatThrownBy(() -> verifier.verify(null, now)).hasMessageContaining("no ID token");
    assertThatThrownBy(() -> verifier.verify("not.a.jwt", now)).isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> verifier.verify("x".repeat(20_000), now)).hasMessageContaining("too long");
  }

  @Test
  void groupsGiveModeratorAndAdminRoles() throws Exception {
    assertThat(verifier.verify(rs256(rsa, c -> c.claim("cognito:groups", List.of("moderators"))), now).role()).isEqualTo(Role.MODERATOR);
    assertThat(verifier.verify(rs256(rsa, c -> c.claim("cognito:groups", List.of("moderators", "admins"))), now).role()).isEqualTo(Role.ADMIN);
    assertThat(verifier.verify(rs256(rsa, c -> c.claim("cognito:groups", "admins")), now).role()).isEqualTo(Role.ADMIN);
    assertThat(verifier.verify(rs256(rsa, c -> c.claim("cognito:groups", List.of("players"))), now).role()).isEqualTo(Role.USER);
    assertThatThrownBy(() -> verifier.verify(rs256(rsa, c -> c.claim("cognito:groups", 42)), now)).hasMessageContaining("groups");
  }

  @Test
  void rotatedKeysAreFetchedWhenATokenNamesAnUnknownKeyId() throws Exception {
    verifier.verify(rs256(rsa, c -> {}), now);
    assertThat(fetches).hasValue(1);
    verifier.verify(rs256(rsa, c -> {}), now);
    assertThat(fetches).as("cached").hasValue(1);
    RSAKey next = ROTATED;
    published.set(new JWKSet(List.of(rsa.toPublicJWK(), next.toPublicJWK())));
    assertThat(verifier.verify(rs256(next, c -> {}), now).userId()).startsWith("u-");
    assertThat(fetches).as("one refetch for the new key id").hasValue(2);
  }

  @Test
  void tokensNamingUnknownKeysCannotMakeItFetchOverAndOver() {
    for (int i = 0; i < 20; i++) {
      String token = rs256(new RSAKey.Builder(FORGER).keyID("bogus-" + i).build(), c -> {});
      assertThatThrownBy(() -> verifier.verify(token, now)).isInstanceOf(InvalidTokenException.class);
    }
    assertThat(fetches.get()).as("rate limited to a couple per 30 s").isLessThanOrEqualTo(2);
  }

  private JWTClaimsSet.Builder claims(Consumer<JWTClaimsSet.Builder> change) {
    JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().issuer(ISSUER).audience(CLIENT).subject("alice-sub")
        .issueTime(Date.from(now.minusSeconds(5))).expirationTime(Date.from(now.plusSeconds(3600)));
    change.accept(b);
    return b;
  }

  private String rs256(RSAKey key, Consumer<JWTClaimsSet.Builder> change) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
          claims(change).build());
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static RSAKey rsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static URL url(String s) {
    try {
      return new URL(s);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
