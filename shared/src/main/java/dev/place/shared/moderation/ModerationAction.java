package dev.place.shared.moderation;

import dev.place.shared.timelapse.Region;
import java.util.Objects;

/**
 * What a moderator asks for that changes the canvas. Every such action is expressed as a set of
 * <em>voided</em> user placements: a pixel shows the newest placement on it that no active action
 * voids (or the background). Restores are derived from that rule, never stored as colours to trust,
 * so actions compose and undo exactly in any order.
 */
public sealed interface ModerationAction {

  /** Every pixel of {@code area} returns to what it showed at {@code toMillis}: later placements are voided. */
  record RollbackArea(Region area, long toMillis) implements ModerationAction {
    public RollbackArea {
      Objects.requireNonNull(area, "area");
    }
  }

  /** Every placement of {@code userId} at or after {@code sinceMillis} (0: all of them) is voided. */
  record RevertUser(String userId, long sinceMillis) implements ModerationAction {
    public RevertUser {
      if (userId == null || userId.isBlank()) {
        throw new IllegalArgumentException("a revert names a user");
      }
    }
  }

  /**
   * Undoes the action {@code actionId}: its voids are lifted. Undoing an undo re-applies the action it
   * undid, so any chain of undos is exact.
   */
  record Undo(String actionId) implements ModerationAction {
    public Undo {
      if (actionId == null || actionId.isBlank()) {
        throw new IllegalArgumentException("an undo names the action it undoes");
      }
    }
  }
}
