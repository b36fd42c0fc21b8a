package dev.place.shared.moderation;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A challenge that costs a bot CPU and a person nothing they notice: find a nonce such that
 * SHA-256(challenge ":" nonce) starts with {@code bits} zero bits (about 2^bits hashes; 16 bits is a
 * few milliseconds in a browser). The challenge is signed, so the server keeps no state to verify
 * it; single use is the caller's job (remember accepted challenges until they expire).
 */
public final class ProofOfWorkChallenge implements PlacementChallenge {

  private final byte[] key;
  private final int bits;
  private final long validMillis;
  private final SecureRandom random = new SecureRandom();

  public ProofOfWorkChallenge(byte[] key, int bits, long validMillis) {
    if (key.length < 32) {
      throw new IllegalArgumentException("the signing key needs at least 32 bytes");
    }
    if (bits < 1 || bits > 32) {
      throw new IllegalArgumentException("difficulty must be 1 to 32 bits");
    }
    this.key = key.clone();
    this.bits = bits;
    this.validMillis = validMillis;
  }

  @Override
  public String issue(String userId, long nowMillis) {
    byte[] salt = new byte[12];
    random.nextBytes(salt);
    String body = bits + "." + (nowMillis + validMillis) + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(salt);
    return body + "." + sign(userId, body);
  }

  @Override
  public boolean accepts(String userId, String challenge, String answer, long nowMillis) {
    if (challenge == null || answer == null || answer.length() > 32) {
      return false;
    }
    int lastDot = challenge.lastIndexOf('.');
    if (lastDot < 0) {
      return false;
    }
    String body = challenge.substring(0, lastDot);
    if (!MessageDigest.isEqual(sign(userId, body).getBytes(StandardCharsets.US_ASCII),
        challenge.substring(lastDot + 1).getBytes(StandardCharsets.US_ASCII))) {
      return false;
    }
    String[] parts = body.split("\\.");
    try {
      if (parts.length != 3 || Integer.parseInt(parts[0]) != bits || Long.parseLong(parts[1]) < nowMillis) {
        return false;
      }
    } catch (NumberFormatException e) {
      return false;
    }
    return leadingZeroBits(sha256(challenge + ":" + answer)) >= bits;
  }

  /** What a client does; here for tests and the local load tools. */
  public static String solve(String challenge) {
    int bits = Integer.parseInt(challenge.substring(0, challenge.indexOf('.')));
    for (long nonce = 0; ; nonce++) {
      String answer = Long.toString(nonce, 36);
      if (leadingZeroBits(sha256(challenge + ":" + answer)) >= bits) {
        return answer;
      }
    }
  }

  private String sign(String userId, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal((userId + "\n" + body).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  static int leadingZeroBits(byte[] hash) {
    int zeros = 0;
    for (byte b : hash) {
      if (b == 0) {
        zeros += 8;
        continue;
      }
      return zeros + Integer.numberOfLeadingZeros(b & 0xFF) - 24;
    }
    return zeros;
  }
}
