package dev.place.functions.rest;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Map;

/** JSON responses of the REST API; every error has the same {@code {"code","message"}} shape. */
public final class RestResponses {

  private RestResponses() {}

  static APIGatewayV2HTTPResponse json(int status, String body, String cacheControl) {
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(status)
        .withHeaders(Map.of("content-type", "application/json", "cache-control", cacheControl,
            // The web client may be served from another origin (CloudFront) than the API.
            "access-control-allow-origin", "*"))
        .withBody(body)
        .build();
  }

  static APIGatewayV2HTTPResponse error(int status, String code, String message) {
    return json(status, "{\"code\":\"" + code + "\",\"message\":\"" + escape(message) + "\"}", "no-store");
  }

  static APIGatewayV2HTTPResponse redirect(String location, String cacheControl) {
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(302)
        .withHeaders(Map.of("location", location, "cache-control", cacheControl, "access-control-allow-origin", "*"))
        .withBody("")
        .build();
  }

  /** The text as the inside of a JSON string. */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
