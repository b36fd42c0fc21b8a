package dev.place.functions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.place.shared.auth.SignInException;
import dev.place.shared.auth.UserBannedException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * JSON answers and request parts of the session routes (sign-in, connect tickets, sign-out); errors
 * have the REST API's {@code {"code","message"}} shape. Nothing here is cached: every answer holds a secret.
 */
final class HttpAnswers {

  private HttpAnswers() {}

  static APIGatewayV2HTTPResponse json(int status, String body) {
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(status)
        .withHeaders(Map.of("content-type", "application/json", "cache-control", "no-store",
            // The web client may be served from another origin (CloudFront) than the API.
            "access-control-allow-origin", "*"))
        .withBody(body)
        .build();
  }

  static APIGatewayV2HTTPResponse error(SignInException e) {
    APIGatewayV2HTTPResponse response = error(e.status(), e.code(), e.getMessage());
    if (e.retryAfter() != null) {
      Map<String, String> headers = new HashMap<>(response.getHeaders());
      headers.put("retry-after", Long.toString(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)));
      response.setHeaders(headers);
    }
    return response;
  }

  static APIGatewayV2HTTPResponse error(int status, String code, String message) {
    return json(status, "{\"code\":\"" + code + "\",\"message\":\"" + escape(message) + "\"}");
  }

  /** 403 {@code USER_BANNED}: the REST error shape plus the ban's reason and end ({@code null}: until lifted). */
  static APIGatewayV2HTTPResponse banned(UserBannedException e) {
    return json(403, bannedBody(e));
  }

  static String bannedBody(UserBannedException e) {
    return e.body();
  }

  /** The session token of {@code Authorization: Bearer <token>}, or null. */
  static String bearer(APIGatewayV2HTTPEvent event) {
    Map<String, String> headers = event.getHeaders();
    if (headers == null) {
      return null;
    }
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if (h.getKey().equalsIgnoreCase("authorization") && h.getValue() != null
          && h.getValue().regionMatches(true, 0, "Bearer ", 0, 7)) {
        return h.getValue().substring(7).trim();
      }
    }
    return null;
  }

  static String body(APIGatewayV2HTTPEvent event) {
    String body = event.getBody();
    if (body == null) {
      return "";
    }
    return event.getIsBase64Encoded() ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8) : body;
  }

  static String sourceIp(APIGatewayV2HTTPEvent event) {
    APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
    String ip = context == null || context.getHttp() == null ? null : context.getHttp().getSourceIp();
    return ip == null ? "unknown" : ip.toLowerCase(Locale.ROOT);
  }

  static String escape(String text) {
    return dev.place.functions.rest.RestResponses.escape(text);
  }
}
