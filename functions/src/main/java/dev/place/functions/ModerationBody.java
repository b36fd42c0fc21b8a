package dev.place.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.place.shared.moderation.ModerationException;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The JSON object body of a moderator request, read strictly: a field the route does not know is an
 * error, not ignored, because a misspelt {@code expiresAt} must not turn into a ban until lifted.
 * Every problem is a 400 that says which field and why, before anything changes.
 */
final class ModerationBody {

  private static final JsonFactory JSON = new JsonFactory();
  static final int MAX_BYTES = 8 * 1024;

  private record Value(JsonToken type, String text) {}

  private final Map<String, Value> fields;

  private ModerationBody(Map<String, Value> fields) {
    this.fields = fields;
  }

  /** @param allowed the fields the route knows; an empty or absent body is an empty object */
  static ModerationBody parse(APIGatewayV2HTTPEvent event, Set<String> allowed) throws ModerationException {
    String body;
    try {
      body = HttpAnswers.body(event);
    } catch (IllegalArgumentException e) {
      throw ModerationException.badRequest("the body is not valid base64");
    }
    if (body.length() > MAX_BYTES) {
      throw ModerationException.badRequest("the body is larger than " + MAX_BYTES + " bytes");
    }
    Map<String, Value> fields = new HashMap<>();
    if (body.isBlank()) {
      return new ModerationBody(fields);
    }
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw ModerationException.badRequest("the body must be a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (!allowed.contains(name)) {
          throw ModerationException.badRequest("unknown field '" + name + "'; this route takes " + String.join(", ", allowed));
        }
        if (value.isStructStart()) {
          throw ModerationException.badRequest("'" + name + "' must be a string or a number");
        }
        fields.put(name, new Value(value, value == JsonToken.VALUE_NULL ? null : p.getText()));
      }
      if (p.nextToken() != null) {
        throw ModerationException.badRequest("the body must be one JSON object");
      }
    } catch (IOException e) {
      throw ModerationException.badRequest("the body is not valid JSON");
    }
    return new ModerationBody(fields);
  }

  /** The string field, or null when absent or null. */
  String string(String name) throws ModerationException {
    Value v = fields.get(name);
    if (v == null || v.text() == null) {
      return null;
    }
    if (v.type() != JsonToken.VALUE_STRING) {
      throw ModerationException.badRequest("'" + name + "' must be a string");
    }
    return v.text();
  }

  String requiredString(String name) throws ModerationException {
    String value = string(name);
    if (value == null) {
      throw ModerationException.badRequest("'" + name + "' is required");
    }
    return value;
  }

  int requiredInt(String name) throws ModerationException {
    Value v = fields.get(name);
    if (v == null || v.text() == null) {
      throw ModerationException.badRequest("'" + name + "' is required");
    }
    if (v.type() != JsonToken.VALUE_NUMBER_INT) {
      throw ModerationException.badRequest("'" + name + "' must be a whole number");
    }
    try {
      return Integer.parseInt(v.text());
    } catch (NumberFormatException e) {
      throw ModerationException.badRequest("'" + name + "' is out of range");
    }
  }

  /** An instant given as ISO-8601 text or epoch milliseconds (epoch ms); null when absent or null. */
  Long instantMillis(String name) throws ModerationException {
    Value v = fields.get(name);
    if (v == null || v.text() == null) {
      return null;
    }
    try {
      if (v.type() == JsonToken.VALUE_NUMBER_INT) {
        return Long.parseLong(v.text());
      }
      if (v.type() == JsonToken.VALUE_STRING) {
        return Instant.parse(v.text()).toEpochMilli();
      }
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      // the message below
    }
    throw ModerationException.badRequest("'" + name + "' must be ISO-8601 (2026-12-01T12:00:00Z) or epoch milliseconds");
  }
}
