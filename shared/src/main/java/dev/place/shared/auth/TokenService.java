package dev.place.shared.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and verifies session tokens:
 * {@code base64url(userId "|" role "|" issuedAtMillis "|" expiresEpochSeconds) "." base64url(HMAC-SHA256)}.
 * Stateless, so any handler instance verifies any token with only the shared secret; revocation
 * (sign-out, bans) is a separate check against {@link SessionRevocations}, made where a session is
 * used to open a connection.
 */
public final class TokenService {

  /** Guest ids start with this; account ids with {@link #ACCOUNT_PREFIX} (so the two can never collide). */
  public static final String GUEST_PREFIX = "guest-";
  public static final String ACCOUNT_PREFIX = "u-";

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  private static final String GUEST_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
  private static final int MAX_TOKEN_LENGTH = 512;

  private final byte[] secret;
  private final Duration ttl;
  private final SecureRandom random = new SecureRandom();

  public TokenService(String secret, Duration ttl) {
    if (secret == null || secret.length() < 16) {
      throw new IllegalArgumentException("the token secret must have at least 16 characters");
    }
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.ttl = ttl;
  }

  /** Whether the user id is a guest's (minted by {@link #issueGuest}), whatever token carries it. */
  public static boolean isGuest(String userId) {
    return userId != null && userId.startsWith(GUEST_PREFIX);
  }

  /** A new guest identity, like r/place's logged-out players but with a stable id per token. */
  public Session issueGuest(Instant now) {
    StringBuilder id = new StringBuilder(GUEST_PREFIX);
    for (int i = 0; i < 12; i++) {
      id.append(GUEST_ALPHABET.charAt(random.nextInt(GUEST_ALPHABET.length())));
    }
    return issue(id.toString(), Role.GUEST, now);
  }

  /**
   * A session of a guest id as a guest, of any other id as an ordinary account (tools and tests;
   * sign-in passes the account's role).
   */
  public Session issue(String userId, Instant now) {
    return issue(userId, isGuest(userId) ? Role.GUEST : Role.USER, now);
  }

  public Session issue(String userId, Role role, Instant now) {
    if (userId.isEmpty() || userId.indexOf('|') >= 0 || userId.length() > 64) {
      throw new IllegalArgumentException("a user id has 1 to 64 characters and no '|'");
    }
    if ((role == Role.GUEST) != isGuest(userId)) {
      throw new IllegalArgumentException("guest ids (and only they) start with " + GUEST_PREFIX + ": " + userId);
    }
    // The token carries whole seconds, so the session reports the instant the token really expires.
    Instant expires = now.plus(ttl).truncatedTo(ChronoUnit.SECONDS);
    String claims = userId + "|" + role.wireName() + "|" + now.toEpochMilli() + "|" + expires.getEpochSecond();
    String payload = B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    return new Session(userId, role, payload + "." + B64.encodeToString(sign(payload)), expires);
  }

  /** The token's user id; throws with a reason a client can act on when the token is not good. */
  public String verify(String token, Instant now) throws InvalidTokenException {
    return verifyClaims(token, now).userId();
  }

  /** Everything the token says, once its signature and expiry are good. */
  public SessionClaims verifyClaims(String token, Instant now) throws InvalidTokenException {
    if (token == null || token.isEmpty()) {
      throw new InvalidTokenException("no token; get one from POST /api/v1/session");
    }
    int dot = token.indexOf('.');
    if (token.length() > MAX_TOKEN_LENGTH || dot <= 0 || dot != token.lastIndexOf('.')) {
      throw new InvalidTokenException("malformed token");
    }
    String payload = token.substring(0, dot);
    String signatureText = token.substring(dot + 1);
    byte[] signature;
    String claims;
    try {
      signature = B64D.decode(signatureText);
      claims = new String(B64D.decode(payload), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidTokenException("malformed token");
    }
    // The decoder ignores the unused low bits of the last character and accepts padding, so several
    // spellings decode to the same bytes; only the one we issue is a token (the payload needs no such
    // check: the signature covers its text, not its bytes).
    if (!B64.encodeToString(signature).equals(signatureText)) {
      throw new InvalidTokenException("malformed token");
    }
    if (!MessageDigest.isEqual(signature, sign(payload))) {
      throw new InvalidTokenException("bad token signature");
    }
    String[] parts = claims.split("\\|", -1);
    Role role = parts.length == 4 ? Role.parse(parts[1]) : null;
    long issuedAt;
    long expires;
    try {
      issuedAt = parts.length == 4 ? Long.parseLong(parts[2]) : -1;
      expires = parts.length == 4 ? Long.parseLong(parts[3]) : -1;
    } catch (NumberFormatException e) {
      throw new InvalidTokenException("malformed token");
    }
    if (role == null || parts[0].isEmpty() || issuedAt < 0) {
      throw new InvalidTokenException("malformed token");
    }
    if (now.getEpochSecond() >= expires) {
      throw new InvalidTokenException("token expired; get a new one from POST /api/v1/session");
    }
    return new SessionClaims(parts[0], role, issuedAt, Instant.ofEpochSecond(expires));
  }

  private byte[] sign(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  public record Session(String userId, Role role, String token, Instant expiresAt) {}
}
