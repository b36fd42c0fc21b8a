package dev.place.shared.moderation;

/** The canvas side of moderation (a Redis script, in production). */
public interface RestoreWriter {

  /**
   * Atomically writes each restore of the batch whose pixel's last write is still its expected
   * sequence, as a new, moderation-marked event of action {@code actionId}; skips the others (a
   * newer placement raced the plan and stays). Returns how many it wrote.
   */
  int write(RestoreBatches.Batch batch, String actionId);
}
