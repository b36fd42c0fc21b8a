package dev.place.shared.protocol;

/** Every error a client can receive; docs/protocol.md documents each one with an example. */
public enum ErrorCode {
  MESSAGE_TOO_LARGE("the message is larger than the server accepts"),
  INVALID_JSON("the message is not a JSON object"),
  INVALID_FIELD("a field is missing or is not a whole number"),
  OUT_OF_BOUNDS("the coordinates are outside the canvas"),
  INVALID_COLOR("the colour is not a palette index from 0 to 15"),
  AREA_PROTECTED("the pixel is in an area moderators protected"),
  UNKNOWN_ACTION("the action is not one the server knows"),
  UNAUTHORIZED("the connection has no signed-in user"),
  COOLDOWN("the user must wait before placing again"),
  IP_RATE_LIMITED("too many placements from this address"),
  GLOBAL_RATE_LIMITED("the canvas is taking as many placements as it can"),
  CHALLENGE_REQUIRED("the user must solve a challenge before placing again"),
  TOO_MANY_MESSAGES("the connection sent more messages than the server takes per window"),
  INTERNAL("the server failed; nothing was placed");

  private final String meaning;

  ErrorCode(String meaning) {
    this.meaning = meaning;
  }

  public String meaning() {
    return meaning;
  }
}
