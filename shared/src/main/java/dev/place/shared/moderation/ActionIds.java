package dev.place.shared.moderation;

import java.security.SecureRandom;
import java.util.OptionalLong;

/**
 * Ids of canvas-changing actions, {@code act-<creation millis, base 36>-<10 random base-36 characters>}:
 * the audit log is keyed by (month, time, id), so an id that carries its time finds its row with one
 * point read, in any execution environment, without a second table.
 */
public final class ActionIds {

  private static final String PREFIX = "act-";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

  private ActionIds() {}

  public static String next(long atMillis) {
    StringBuilder id = new StringBuilder(PREFIX).append(Long.toString(atMillis, 36)).append('-');
    for (int i = 0; i < 10; i++) {
      id.append(DIGITS[RANDOM.nextInt(DIGITS.length)]);
    }
    return id.toString();
  }

  /** The creation time an id carries; empty for anything {@link #next} did not make. */
  public static OptionalLong atMillis(String id) {
    if (id == null || !id.startsWith(PREFIX)) {
      return OptionalLong.empty();
    }
    int dash = id.indexOf('-', PREFIX.length());
    if (dash < 0 || dash == PREFIX.length() || id.length() - dash - 1 != 10) {
      return OptionalLong.empty();
    }
    try {
      long at = Long.parseLong(id.substring(PREFIX.length(), dash), 36);
      return at < 0 ? OptionalLong.empty() : OptionalLong.of(at);
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
