package dev.place.local.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The HTTP response API Gateway derives from a Lambda output under payload format 2.0. An object with a
 * {@code statusCode} is a structured response ({@code headers}, {@code multiValueHeaders}, {@code cookies} as
 * {@code set-cookie} headers, {@code body}, {@code isBase64Encoded}). Any other valid JSON is inferred as
 * status 200, {@code content-type: application/json}, with the output as the body (a JSON string contributes its
 * text). Output that is not JSON, or a {@code statusCode} that is not an HTTP status (such as the 0 of an unset
 * {@code APIGatewayV2HTTPResponse}), is a malformed integration response: 500.
 */
record HttpApiResponse(int statusCode, List<Map.Entry<String, String>> headers, byte[] body) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static HttpApiResponse fromLambdaOutput(String output) {
    JsonNode root;
    try {
      root = JSON.readTree(output);
    } catch (JsonProcessingException notJson) {
      return internalServerError();
    }
    if (root == null || root.isMissingNode() || !root.isObject() || !root.has("statusCode")) {
      return inferred(root);
    }
    int status = status(root.get("statusCode"));
    if (status < 0) {
      return internalServerError();
    }
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    JsonNode single = root.get("headers");
    if (single != null && single.isObject()) {
      single.properties().forEach(header -> headers.add(Map.entry(header.getKey(), text(header.getValue()))));
    }
    JsonNode multi = root.get("multiValueHeaders");
    if (multi != null && multi.isObject()) {
      for (Map.Entry<String, JsonNode> header : multi.properties()) {
        header.getValue().forEach(value -> headers.add(Map.entry(header.getKey(), text(value))));
      }
    }
    JsonNode cookies = root.get("cookies");
    if (cookies != null && cookies.isArray()) {
      cookies.forEach(cookie -> headers.add(Map.entry("set-cookie", text(cookie))));
    }
    JsonNode bodyNode = root.get("body");
    byte[] body = new byte[0];
    if (bodyNode != null && !bodyNode.isNull()) {
      String text = text(bodyNode);
      try {
        body = root.path("isBase64Encoded").asBoolean(false)
            ? Base64.getDecoder().decode(text)
            : text.getBytes(StandardCharsets.UTF_8);
      } catch (IllegalArgumentException badBase64) {
        return internalServerError();
      }
    }
    return new HttpApiResponse(status, List.copyOf(headers), body);
  }

  static HttpApiResponse error(int status, String message) {
    return new HttpApiResponse(status, List.of(Map.entry("content-type", "application/json")),
        ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  static HttpApiResponse notFound() {
    return error(404, "Not Found");
  }

  static HttpApiResponse internalServerError() {
    return error(500, "Internal Server Error");
  }

  static HttpApiResponse serviceUnavailable() {
    return error(503, "Service Unavailable");
  }

  private static HttpApiResponse inferred(JsonNode root) {
    String body;
    if (root == null || root.isNull() || root.isMissingNode()) {
      body = "";
    } else if (root.isTextual()) {
      body = root.asText();
    } else {
      body = root.toString();
    }
    return new HttpApiResponse(200, List.of(Map.entry("content-type", "application/json")),
        body.getBytes(StandardCharsets.UTF_8));
  }

  private static int status(JsonNode node) {
    int status;
    if (node.isIntegralNumber()) {
      status = node.asInt();
    } else if (node.isTextual() && node.asText().matches("\\d{3}")) {
      status = Integer.parseInt(node.asText());
    } else {
      return -1;
    }
    return status >= 100 && status <= 599 ? status : -1;
  }

  private static String text(JsonNode value) {
    return value.isValueNode() ? value.asText() : value.toString();
  }
}
