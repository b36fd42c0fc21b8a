package dev.place.shared.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Parses client frames strictly: one JSON object, whole-number fields, nothing trailing. Range
 * checks against the canvas belong to placement, which knows the canvas size.
 */
public final class ClientMessageParser {

  private static final JsonFactory JSON = new JsonFactory();

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
      String action = null;
      Integer x = null;
      Integer y = null;
      Integer colour = null;
      JsonToken token;
      while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "action" -> action = value == JsonToken.VALUE_STRING ? p.getText() : "";
          case "x" -> x = wholeNumber(p, value, "x");
          case "y" -> y = wholeNumber(p, value, "y");
          case "color" -> colour = wholeNumber(p, value, "color");
          default -> p.skipChildren();
        }
      }
      if (token != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new ProtocolException(ErrorCode.INVALID_JSON, "the message must be exactly one JSON object");
      }
      if (action == null) {
        return new ClientMessage.Unknown("");
      }
      return switch (action) {
        case "place" -> new ClientMessage.Place(
            required(x, "x"), required(y, "y"), required(colour, "color"));
        case "hello" -> new ClientMessage.Hello();
        case "ping" -> new ClientMessage.Ping();
        default -> new ClientMessage.Unknown(action);
      };
    } catch (JsonParseException e) {
      throw new ProtocolException(ErrorCode.INVALID_JSON, "the message is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ProtocolException(ErrorCode.INVALID_JSON, "the message could not be read: " + e.getMessage());
    }
  }

  private static int wholeNumber(JsonParser p, JsonToken value, String field) throws IOException, ProtocolException {
    if (value != JsonToken.VALUE_NUMBER_INT) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD, "'" + field + "' must be a whole number");
    }
    try {
      return p.getIntValue();
    } catch (InputCoercionException e) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD, "'" + field + "' is too large");
    }
  }

  private static int required(Integer value, String field) throws ProtocolException {
    if (value == null) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD, "'" + field + "' is required");
    }
    return value;
  }
}
