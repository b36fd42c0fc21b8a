package dev.place.fanout.edge;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Connection ids in API Gateway's format (11 random bytes in base64: 16 characters ending in {@code =},
 * e.g. {@code BFHPhfCWIAMCKlQ=}), so logs, tools and the {@code hello} answer look the same in both
 * delivery modes. Ids with {@code +} or {@code /} are drawn again: code that puts an id in a URL
 * unencoded should not work or fail by chance.
 */
final class EdgeConnectionIds {

  private static final SecureRandom RANDOM = new SecureRandom();

  private EdgeConnectionIds() {}

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
}
