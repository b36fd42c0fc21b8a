package dev.place.local.apigw;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A Lambda proxy integration's answer as a WebSocket API reads it: {@code statusCode} (decides whether a
 * {@code $connect} succeeds), {@code headers}/{@code multiValueHeaders} (copied onto the handshake response) and
 * {@code body} (the route response of a two-way route). An output that is not such an object is taken as a 200 whose
 * body is the output itself: a JSON string is sent as its text, anything else as its JSON. A {@code statusCode}
 * that is not an HTTP status (notably the 0 of an unset {@code int} in
 * {@code APIGatewayV2WebSocketResponse}) is treated as a malformed integration response, i.e. 502.
 */
record IntegrationResponse(int statusCode, List<Map.Entry<String, String>> headers, byte[] body, boolean binary) {

  static final int MALFORMED = 502;
  private static final ObjectMapper JSON = new ObjectMapper();

  static IntegrationResponse parse(String output) {
    JsonNode root;
    try {
      root = JSON.readTree(output);
    } catch (JsonProcessingException notJson) {
      return new IntegrationResponse(MALFORMED, List.of(), null, false);
    }
    if (root == null || root.isNull() || root.isMissingNode()) {
      return new IntegrationResponse(200, List.of(), null, false);
    }
    if (root.isTextual()) {
      return new IntegrationResponse(200, List.of(), utf8(root.asText()), false);
    }
    if (!root.isObject()) {
      return new IntegrationResponse(200, List.of(), utf8(root.toString()), false);
    }
    int status = status(root.get("statusCode"));
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    JsonNode single = root.get("headers");
    if (single != null && single.isObject()) {
      single.properties().forEach(field -> headers.add(Map.entry(field.getKey(), text(field.getValue()))));
    }
    JsonNode multi = root.get("multiValueHeaders");
    if (multi != null && multi.isObject()) {
      for (Map.Entry<String, JsonNode> field : multi.properties()) {
        if (field.getValue().isArray()) {
          field.getValue().forEach(value -> headers.add(Map.entry(field.getKey(), text(value))));
        }
      }
    }
    JsonNode bodyNode = root.get("body");
    boolean base64 = root.path("isBase64Encoded").asBoolean(false);
    byte[] body = null;
    if (bodyNode != null && !bodyNode.isNull()) {
      String text = text(bodyNode);
      body = base64 ? Base64.getDecoder().decode(text) : utf8(text);
    }
    return new IntegrationResponse(status, List.copyOf(headers), body, base64);
  }

  boolean isSuccess() {
    return statusCode >= 200 && statusCode < 300;
  }

  private static int status(JsonNode node) {
    if (node == null || node.isNull()) {
      return 200;
    }
    int status;
    if (node.isIntegralNumber()) {
      status = node.asInt();
    } else if (node.isTextual() && node.asText().matches("\\d{3}")) {
      status = Integer.parseInt(node.asText());
    } else {
      return MALFORMED;
    }
    return status >= 100 && status <= 599 ? status : MALFORMED;
  }

  private static String text(JsonNode value) {
    return value.isValueNode() ? value.asText() : value.toString();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
