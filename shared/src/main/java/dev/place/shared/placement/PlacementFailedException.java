package dev.place.shared.placement;

/** The canvas store failed, so nothing was placed; the user's cooldown was given back. */
public final class PlacementFailedException extends RuntimeException {
  public PlacementFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
