package dev.place.shared.event;

import dev.place.shared.canvas.TileId;

/**
 * One acknowledged write of a pixel. {@code (tile, seq)} identifies it everywhere and orders it: the
 * tile sequence is the one true last-write-wins order of the canvas.
 *
 * <p>{@code moderationAction} is null for a user's placement; for a restore that moderation wrote
 * (docs/moderation.md, Applying an action) it is the id of the action that wrote it, and
 * {@code userId} is the moderator. Moderation never voids or restores to such events.
 */
public record PixelEvent(TileId tile, long seq, int x, int y, int colour, String userId, long placedAtMillis,
    String moderationAction) {

  /** A user's placement. */
  public PixelEvent(TileId tile, long seq, int x, int y, int colour, String userId, long placedAtMillis) {
    this(tile, seq, x, y, colour, userId, placedAtMillis, null);
  }

  /** True for a restore written by a moderation action, false for a user's placement. */
  public boolean isModeration() {
    return moderationAction != null;
  }
}
