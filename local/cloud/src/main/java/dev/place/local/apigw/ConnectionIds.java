package dev.place.local.apigw;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Identifiers in API Gateway's WebSocket format: 11 random bytes in base64, i.e. 16 characters ending in one
 * {@code =} (for example {@code BFHPhfCWIAMCKlQ=}). Connection ids, request ids and message ids all look like this.
 * Ids containing {@code +} or {@code /} are drawn again: they are legal base64, but a connection id is a URL path
 * segment in {@code @connections} calls, and code that concatenates it unencoded should not pass or fail locally by
 * chance.
 */
final class ConnectionIds {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] API_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private ConnectionIds() {
  }

  static String next() {
    byte[] bytes = new byte[11];
    while (true) {
      RANDOM.nextBytes(bytes);
      String id = Base64.getEncoder().encodeToString(bytes);
      if (id.indexOf('+') < 0 && id.indexOf('/') < 0) {
        return id;
      }
    }
  }

  /** An API id as API Gateway assigns them: ten lower-case letters and digits. */
  static String apiId() {
    char[] id = new char[10];
    for (int i = 0; i < id.length; i++) {
      id[i] = API_ID_ALPHABET[RANDOM.nextInt(API_ID_ALPHABET.length)];
    }
    return new String(id);
  }
}
