package dev.place.shared.moderation;

/**
 * History did not catch up with an action's moment in time: the action was not applied (nothing was
 * written), and waiting longer would hold up every action queued behind it.
 */
public final class HistoryLagException extends IllegalStateException {

  public HistoryLagException(String message) {
    super(message);
  }
}
