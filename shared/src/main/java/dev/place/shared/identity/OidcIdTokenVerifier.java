package dev.place.shared.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.place.shared.auth.Account;
import dev.place.shared.auth.IdTokenVerifier;
import dev.place.shared.auth.InvalidTokenException;
import dev.place.shared.config.ConfigException;
import dev.place.shared.config.PlaceConfig;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Verifies OpenID Connect ID tokens with nimbus-jose-jwt (no hand-written crypto): the signature
 * against the provider's published keys (JWKS), RS256 or ES256 only, so {@code alg: none}, HMAC
 * algorithms keyed with a public key and encrypted tokens are all refused; then the issuer exactly,
 * our client id in the audience, {@code exp}, {@code nbf} and {@code iat} with one minute of clock
 * skew, and a subject. Cognito and the local provider go through this same code.
 *
 * <p>The keys are fetched on first use and cached (15 min); a token signed with a key id not in the
 * cache (the provider rotated its keys) refetches them, at most once per 30 s whatever tokens arrive.
 */
public final class OidcIdTokenVerifier implements IdTokenVerifier {

  static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
  static final int CLOCK_SKEW_SECONDS = 60;
  static final Duration KEYS_CACHED = Duration.ofMinutes(15);
  static final Duration REFETCH_AT_MOST_EVERY = Duration.ofSeconds(30);
  private static final int HTTP_TIMEOUT_MS = 2_000;
  private static final int MAX_JWKS_BYTES = 64 * 1024;
  private static final int MAX_ID_TOKEN_LENGTH = 16 * 1024;

  private final String issuer;
  private final GroupRoles roles;
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private final ClockedClaimsVerifier claims;

  /**
   * The verifier the configuration describes: keys from {@code PLACE_OIDC_JWKS_URL}, or from the
   * {@code jwks_uri} of the issuer's discovery document (read once, when this is built).
   */
  public static OidcIdTokenVerifier fromConfig(PlaceConfig.Identity identity) {
    GroupRoles roles = new GroupRoles(identity.groupsClaim(), identity.moderatorGroups(), identity.adminGroups());
    String jwks = identity.oidcJwksUrl().isEmpty() ? Discovery.jwksUri(identity.oidcIssuer(), retriever()) : identity.oidcJwksUrl();
    try {
      return fetchingKeys(identity.oidcIssuer(), identity.oidcClientId(), new URL(jwks), roles);
    } catch (java.net.MalformedURLException e) {
      throw new ConfigException("the JWKS URL is not a URL: " + jwks);
    }
  }

  static ResourceRetriever retriever() {
    return new DefaultResourceRetriever(HTTP_TIMEOUT_MS, HTTP_TIMEOUT_MS, MAX_JWKS_BYTES);
  }

  /** Keys fetched from {@code jwksUrl} over HTTP(S). */
  public static OidcIdTokenVerifier fetchingKeys(String issuer, String clientId, URL jwksUrl, GroupRoles roles) {
    return new OidcIdTokenVerifier(issuer, clientId, keys(jwksUrl, retriever()), roles, Clock.systemUTC());
  }

  /** The caching, rate-limited key source over a retriever (tests give one without a network). */
  static JWKSource<SecurityContext> keys(URL jwksUrl, ResourceRetriever retriever) {
    return JWKSourceBuilder.<SecurityContext>create(jwksUrl, retriever)
        .cache(KEYS_CACHED.toMillis(), HTTP_TIMEOUT_MS)
        .rateLimited(REFETCH_AT_MOST_EVERY.toMillis())
        .refreshAheadCache(false)
        .retrying(true)
        .build();
  }

  OidcIdTokenVerifier(String issuer, String clientId, JWKSource<SecurityContext> keys, GroupRoles roles, Clock clock) {
    this.issuer = issuer;
    this.roles = roles;
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
    claims = new ClockedClaimsVerifier(clientId, new JWTClaimsSet.Builder().issuer(issuer).build(),
        Set.of("sub", "iat", "exp"), clock);
    claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
    processor.setJWTClaimsSetVerifier(claims);
  }

  @Override
  public Account verify(String idToken, Instant now) throws InvalidTokenException {
    if (idToken == null || idToken.isEmpty()) {
      throw new InvalidTokenException("no ID token");
    }
    if (idToken.length() > MAX_ID_TOKEN_LENGTH) {
      throw new InvalidTokenException("ID token too long");
    }
    JWTClaimsSet verified;
    try {
      verified = claims.at(now, () -> processor.process(idToken, null));
    } catch (ParseException e) {
      throw new InvalidTokenException("malformed ID token");
    } catch (BadJOSEException e) {
      throw new InvalidTokenException("ID token refused: " + e.getMessage());
    } catch (RateLimitReachedException e) {
      // A key id the cached keys lack, and the keys were refetched moments ago: not a key of the provider's.
      throw new InvalidTokenException("ID token refused: signed with a key the provider does not publish");
    } catch (JOSEException e) {
      // The keys could not be fetched or used: the provider's problem or ours, not the token's.
      throw new IllegalStateException("could not verify the ID token: " + e.getMessage(), e);
    }
    if (verified.getIssueTime().toInstant().isAfter(now.plusSeconds(CLOCK_SKEW_SECONDS))) {
      throw new InvalidTokenException("ID token refused: issued in the future (iat)");
    }
    Object use = verified.getClaim("token_use"); // Cognito marks ID tokens; an access token is not a sign-in
    if (use != null && !"id".equals(use)) {
      throw new InvalidTokenException("ID token refused: token_use is " + use + ", not id");
    }
    String subject = verified.getSubject();
    if (subject.isBlank()) {
      throw new InvalidTokenException("ID token refused: empty subject");
    }
    return new Account(AccountIds.of(issuer, subject), roles.roleOf(groups(verified)));
  }

  private List<String> groups(JWTClaimsSet verified) throws InvalidTokenException {
    Object value = verified.getClaim(roles.claim());
    if (value == null) {
      return List.of();
    }
    if (value instanceof String one) {
      return List.of(one);
    }
    try {
      List<String> list = verified.getStringListClaim(roles.claim());
      return list == null ? List.of() : list;
    } catch (ParseException e) {
      throw new InvalidTokenException("ID token refused: " + roles.claim() + " is not a list of group names");
    }
  }

  /** The claims check at an instant we choose (nimbus asks {@link #currentTime()}), so tests need no sleeping. */
  private static final class ClockedClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {
    private final Clock clock;
    private final ThreadLocal<Instant> at = new ThreadLocal<>();

    ClockedClaimsVerifier(String audience, JWTClaimsSet exact, Set<String> required, Clock clock) {
      super(audience, exact, required);
      this.clock = clock;
    }

    interface Call<T> {
      T run() throws ParseException, BadJOSEException, JOSEException;
    }

    <T> T at(Instant now, Call<T> call) throws ParseException, BadJOSEException, JOSEException {
      at.set(now);
      try {
        return call.run();
      } finally {
        at.remove();
      }
    }

    @Override
    protected Date currentTime() {
      Instant now = at.get();
      return Date.from(now != null ? now : clock.instant());
    }
  }
}
