package dev.place.shared.protocol;

/** A message a client sends over the WebSocket, already validated in shape. */
public sealed interface ClientMessage {

  record Place(int x, int y, int colour) implements ClientMessage {}

  record Hello() implements ClientMessage {}

  record Ping() implements ClientMessage {}

  /** A JSON object whose action the server does not know (including none at all). */
  record Unknown(String action) implements ClientMessage {}
}
