package dev.place.shared.event;

/** A record on the pixel topic (or in a tile journal) that is not a pixel event of a known version. */
public final class MalformedEventException extends RuntimeException {
  public MalformedEventException(String message) {
    super(message);
  }

  public MalformedEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
