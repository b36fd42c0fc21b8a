package dev.place.shared.identity;

import dev.place.shared.auth.TokenService;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The place user id of a provider's subject: {@code u-} and 20 base32 characters (100 bits) of
 * SHA-256 over the issuer and the subject. Stable for as long as the provider keeps the subject
 * (Cognito: for the user's life in the pool), distinct across issuers, and it reveals nothing of the
 * subject, which some providers make an e-mail address, while user ids are public (pixel history).
 */
public final class AccountIds {

  private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
  private static final int CHARACTERS = 20;

  private AccountIds() {}

  public static String of(String issuer, String subject) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest((issuer + "\n" + subject).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
    StringBuilder id = new StringBuilder(TokenService.ACCOUNT_PREFIX);
    int buffer = 0;
    int bits = 0;
    for (int i = 0; id.length() < TokenService.ACCOUNT_PREFIX.length() + CHARACTERS; ) {
      if (bits < 5) {
        buffer = (buffer << 8) | (digest[i++] & 0xff);
        bits += 8;
      }
      id.append(BASE32.charAt((buffer >> (bits - 5)) & 31));
      bits -= 5;
    }
    return id.toString();
  }
}
