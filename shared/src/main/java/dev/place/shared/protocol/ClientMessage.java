package dev.place.shared.protocol;

import dev.place.shared.delivery.Encoding;
import dev.place.shared.delivery.Subscription;

/**
 * A message a client sends over the WebSocket, already validated in shape. {@link #id()} is the
 * request's optional {@code "id"} as JSON text (a quoted string or a whole number), echoed in the
 * answer; null when the request had none.
 */
public sealed interface ClientMessage {

  String id();

  /** {@code challenge} and {@code answer}: a solved placement challenge (docs/protocol.md, CHALLENGE_REQUIRED), or null. */
  record Place(int x, int y, int colour, String id, String challenge, String answer) implements ClientMessage {
    public Place(int x, int y, int colour, String id) {
      this(x, y, colour, id, null, null);
    }
  }

  record Hello(Encoding encoding, String id) implements ClientMessage {}

  record Subscribe(Subscription subscription, String id) implements ClientMessage {}

  record Ping(String id) implements ClientMessage {}

  /** A JSON object whose action the server does not know (including none, or one that is not a string). */
  record Unknown(String action, String id) implements ClientMessage {}
}
