package dev.place.functions.history;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.place.shared.event.PixelEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;

/** Payload format 2.0 responses and parameter parsing shared by the history routes. */
final class HttpResponses {

  /** Always with milliseconds ({@code Instant.toString} drops them when zero; clients parse one shape). */
  static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;

  private HttpResponses() {}

  static APIGatewayV2HTTPResponse json(int status, String body) {
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(status)
        .withHeaders(Map.of("content-type", "application/json", "cache-control", "no-store"))
        .withBody(body)
        .build();
  }

  static APIGatewayV2HTTPResponse badRequest(String message) {
    return json(400, "{\"code\":\"BAD_REQUEST\",\"message\":\"" + escape(message) + "\"}");
  }

  static APIGatewayV2HTTPResponse error(int status, String code, String message) {
    return json(status, "{\"code\":\"" + code + "\",\"message\":\"" + escape(message) + "\"}");
  }

  static APIGatewayV2HTTPResponse binary(String contentType, byte[] body, String cacheControl) {
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(200)
        .withHeaders(Map.of("content-type", contentType, "cache-control", cacheControl))
        .withBody(Base64.getEncoder().encodeToString(body))
        .withIsBase64Encoded(true)
        .build();
  }

  static Map<String, String> query(APIGatewayV2HTTPEvent event) {
    return event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
  }

  static int integer(Map<String, String> q, String name, Integer fallback, int min, int max) {
    String v = q.get(name);
    if (v == null || v.isBlank()) {
      if (fallback == null) {
        throw new IllegalArgumentException("missing '" + name + "'");
      }
      return fallback;
    }
    int n;
    try {
      n = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + name + "' must be a whole number");
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException("'" + name + "' must be between " + min + " and " + max);
    }
    return n;
  }

  static String cursor(Map<String, String> q) {
    String c = q.get("cursor");
    return c == null || c.isBlank() ? null : c.trim();
  }

  static String placement(PixelEvent e, boolean withPosition) {
    return "{\"seq\":" + e.seq()
        + (withPosition ? ",\"x\":" + e.x() + ",\"y\":" + e.y() : "")
        + ",\"color\":" + e.colour()
        + ",\"userId\":\"" + escape(e.userId()) + "\""
        + ",\"placedAt\":\"" + TIME.format(Instant.ofEpochMilli(e.placedAtMillis())) + "\""
        // Only on a restore a moderation action wrote (docs/moderation.md): the action's id.
        + (e.isModeration() ? ",\"moderation\":\"" + escape(e.moderationAction()) + "\"" : "")
        + "}";
  }

  static String next(String cursor) {
    return cursor == null ? "null" : "\"" + cursor + "\"";
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
