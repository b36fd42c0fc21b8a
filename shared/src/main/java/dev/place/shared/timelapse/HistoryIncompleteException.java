package dev.place.shared.timelapse;

/** The history does not yet hold every event a replay needs: the writer lags, or the time has not come. */
public final class HistoryIncompleteException extends RuntimeException {

  public HistoryIncompleteException(String message) {
    super(message, null, false, false);
  }
}
