package dev.place.shared.moderation;

/**
 * A moderation request refused before anything changed; {@link #code()} is the documented error code
 * (docs/moderation.md) and {@link #status()} the HTTP status that carries it.
 */
public final class ModerationException extends Exception {

  /** The request is malformed or makes no sense (banning yourself, an area off the canvas). */
  public static final String BAD_REQUEST = "BAD_REQUEST";
  /** The session's role may not do this (a user on a moderator route, a moderator on an admin-only act). */
  public static final String FORBIDDEN = "FORBIDDEN";
  /** No ban of that user is in force, or no protected area has that id. */
  public static final String NOT_FOUND = "NOT_FOUND";
  /** {@link ProtectedAreaStore#MAX_AREAS} areas are protected already. */
  public static final String TOO_MANY_AREAS = "TOO_MANY_AREAS";

  private final int status;
  private final String code;

  public ModerationException(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public static ModerationException badRequest(String message) {
    return new ModerationException(400, BAD_REQUEST, message);
  }

  public static ModerationException forbidden(String message) {
    return new ModerationException(403, FORBIDDEN, message);
  }

  public static ModerationException notFound(String message) {
    return new ModerationException(404, NOT_FOUND, message);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
