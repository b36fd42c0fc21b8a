package dev.place.shared.moderation;

/**
 * A ban of one user: placements are refused while it is in force. {@code untilMillis} 0 means until
 * lifted. A ban changes no pixel and its end restores none: only reverts touch the canvas.
 */
public record Ban(String userId, long sinceMillis, long untilMillis, String reason, String moderator) {

  public Ban {
    if (userId == null || userId.isBlank()) {
      throw new IllegalArgumentException("a ban names a user");
    }
    if (untilMillis != 0 && untilMillis <= sinceMillis) {
      throw new IllegalArgumentException("a ban must end after it starts");
    }
    reason = reason == null ? "" : reason;
  }

  public boolean inForceAt(long nowMillis) {
    return nowMillis >= sinceMillis && (untilMillis == 0 || nowMillis < untilMillis);
  }
}
