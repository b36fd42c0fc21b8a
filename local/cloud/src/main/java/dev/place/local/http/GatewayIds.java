package dev.place.local.http;

import java.security.SecureRandom;
import java.util.Base64;

/** Identifiers in API Gateway's formats. */
final class GatewayIds {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] API_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  private GatewayIds() {
  }

  /** A request id: 11 random bytes in base64, e.g. {@code JKJaXmPLvHcESHA=}. */
  static String requestId() {
    byte[] bytes = new byte[11];
    RANDOM.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** An API id: ten lower-case letters and digits. */
  static String apiId() {
    char[] id = new char[10];
    for (int i = 0; i < id.length; i++) {
      id[i] = API_ID_ALPHABET[RANDOM.nextInt(API_ID_ALPHABET.length)];
    }
    return new String(id);
  }
}
