package dev.place.shared.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.place.shared.delivery.Encoding;
import dev.place.shared.delivery.Subscription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Parses client frames strictly: one JSON object, whole-number fields, nothing trailing. Range
 * checks against the canvas belong to placement, which knows the canvas size. A field error is
 * reported once the whole object is read, so that it can carry the request's {@code id}.
 */
public final class ClientMessageParser {

  private static final JsonFactory JSON = new JsonFactory();
  static final int MAX_ID_CHARS = 64;
  static final int MAX_CHALLENGE_CHARS = 256;
  private static final String NOT_STRING_ACTION = "\u0000";
  private static final java.util.Set<String> KNOWN_ACTIONS = java.util.Set.of("place", "hello", "subscribe", "ping");

  private final int maxMessageBytes;

  public ClientMessageParser(int maxMessageBytes) {
    this.maxMessageBytes = maxMessageBytes;
  }

  public ClientMessage parse(String body) throws ProtocolException {
    if (body == null || body.isEmpty()) {
      throw new ProtocolException(ErrorCode.INVALID_JSON, "the message is empty; send a JSON object");
    }
    // Cheap bound first (a char is at least one byte), exact UTF-8 length only near the limit.
    if (body.length() > maxMessageBytes
        || (body.length() * 3 > maxMessageBytes && body.getBytes(StandardCharsets.UTF_8).length > maxMessageBytes)) {
      throw new ProtocolException(
          ErrorCode.MESSAGE_TOO_LARGE, "the message exceeds " + maxMessageBytes + " bytes");
    }
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new ProtocolException(ErrorCode.INVALID_JSON, "the message must be a JSON object");
      }
      Fields f = new Fields();
      JsonToken token;
      while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "action" -> f.action = value == JsonToken.VALUE_STRING ? p.getText() : skip(p, NOT_STRING_ACTION);
          case "id" -> f.id = id(p, value, f);
          case "x" -> f.x = wholeNumber(p, value, "x", f);
          case "y" -> f.y = wholeNumber(p, value, "y", f);
          case "color" -> f.colour = wholeNumber(p, value, "color", f);
          case "encoding" -> f.encoding = value == JsonToken.VALUE_STRING ? p.getText() : skip(p, "");
          case "area" -> f.area = area(p, value, f);
          case "challenge" -> f.challenge = shortString(p, value, "challenge", f);
          case "answer" -> f.answer = shortString(p, value, "answer", f);
          default -> p.skipChildren();
        }
      }
      if (token != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new ProtocolException(ErrorCode.INVALID_JSON, "the message must be exactly one JSON object");
      }
      return message(f);
    } catch (JsonParseException e) {
      throw new ProtocolException(ErrorCode.INVALID_JSON, "the message is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ProtocolException(ErrorCode.INVALID_JSON, "the message could not be read: " + e.getMessage());
    }
  }

  private static ClientMessage message(Fields f) throws ProtocolException {
    if (f.action == null || f.action.equals(NOT_STRING_ACTION)) {
      return new ClientMessage.Unknown("", f.id);
    }
    if (!KNOWN_ACTIONS.contains(f.action)) {
      return new ClientMessage.Unknown(f.action, f.id);
    }
    f.throwFirstError();
    switch (f.action) {
      case "place" -> {
        return new ClientMessage.Place(required(f.x, "x", f), required(f.y, "y", f), required(f.colour, "color", f), f.id,
            f.challenge, f.answer);
      }
      case "hello" -> {
        if (f.encoding != null && !f.encoding.equals("json") && !f.encoding.equals("binary")) {
          throw new ProtocolException(ErrorCode.INVALID_FIELD, "'encoding' must be \"json\" or \"binary\"", f.id);
        }
        return new ClientMessage.Hello(Encoding.parse(f.encoding), f.id);
      }
      case "subscribe" -> {
        if (f.area == null) {
          throw new ProtocolException(ErrorCode.INVALID_FIELD,
              "'area' is required: \"all\", \"none\" or [tx0,ty0,tx1,ty1] in tiles", f.id);
        }
        return new ClientMessage.Subscribe(f.area, f.id);
      }
      case "ping" -> {
        return new ClientMessage.Ping(f.id);
      }
      default -> {
        return new ClientMessage.Unknown(f.action, f.id);
      }
    }
  }

  private static String shortString(JsonParser p, JsonToken value, String field, Fields f) throws IOException {
    if (value == JsonToken.VALUE_STRING && p.getTextLength() <= MAX_CHALLENGE_CHARS) {
      return p.getText();
    }
    p.skipChildren();
    f.error("'" + field + "' must be a string of at most " + MAX_CHALLENGE_CHARS + " characters");
    return null;
  }

  private static String skip(JsonParser p, String result) throws IOException {
    p.skipChildren();
    return result;
  }

  private static String id(JsonParser p, JsonToken value, Fields f) throws IOException {
    if (value == JsonToken.VALUE_STRING && p.getTextLength() <= MAX_ID_CHARS) {
      StringBuilder quoted = new StringBuilder(p.getTextLength() + 8).append('"');
      JsonStringEncoder.getInstance().quoteAsString(p.getText(), quoted);
      return quoted.append('"').toString();
    }
    if (value == JsonToken.VALUE_NUMBER_INT && p.getText().length() <= 19) {
      return p.getText();
    }
    p.skipChildren();
    f.error("'id' must be a string of at most " + MAX_ID_CHARS + " characters or a whole number");
    return null;
  }

  private static Integer wholeNumber(JsonParser p, JsonToken value, String field, Fields f) throws IOException {
    if (value != JsonToken.VALUE_NUMBER_INT) {
      p.skipChildren();
      f.error("'" + field + "' must be a whole number");
      return null;
    }
    try {
      return p.getIntValue();
    } catch (InputCoercionException e) {
      f.error("'" + field + "' is too large");
      return null;
    }
  }

  private static Subscription area(JsonParser p, JsonToken value, Fields f) throws IOException {
    if (value == JsonToken.VALUE_STRING && p.getText().equals("all")) {
      return Subscription.ALL;
    }
    if (value == JsonToken.VALUE_STRING && p.getText().equals("none")) {
      return Subscription.NONE;
    }
    String problem = "'area' must be \"all\", \"none\" or [tx0,ty0,tx1,ty1]: four whole tile numbers, tx0 <= tx1, ty0 <= ty1";
    if (value != JsonToken.START_ARRAY) {
      p.skipChildren();
      f.error(problem);
      return null;
    }
    int[] corners = new int[4];
    int n = 0;
    JsonToken token;
    while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
      if (token != JsonToken.VALUE_NUMBER_INT || n >= 4 || p.getNumberType() != JsonParser.NumberType.INT) {
        p.skipChildren();
        n = 5;
        continue;
      }
      corners[n++] = p.getIntValue();
    }
    if (n != 4 || corners[0] < 0 || corners[1] < 0 || corners[2] < corners[0] || corners[3] < corners[1]) {
      f.error(problem);
      return null;
    }
    return new Subscription(corners[0], corners[1], corners[2], corners[3]);
  }

  private static int required(Integer value, String field, Fields f) throws ProtocolException {
    if (value == null) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD, "'" + field + "' is required", f.id);
    }
    return value;
  }

  /** What the object held, and the first field error, reported once the id is known. */
  private static final class Fields {
    String action;
    String id;
    Integer x;
    Integer y;
    Integer colour;
    String encoding;
    String challenge;
    String answer;
    Subscription area;
    String firstError;

    void error(String message) {
      if (firstError == null) {
        firstError = message;
      }
    }

    void throwFirstError() throws ProtocolException {
      if (firstError != null) {
        throw new ProtocolException(ErrorCode.INVALID_FIELD, firstError, id);
      }
    }
  }
}
