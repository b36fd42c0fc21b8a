package dev.place.local.apigw;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpHeaders;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds the Lambda proxy events of a WebSocket API (CONNECT, MESSAGE, DISCONNECT) in the shape API Gateway sends,
 * field for field as in captured events (see docs in the reference checklist): the same {@code connectedAt} on
 * every event of a connection, a fresh {@code requestId} (= {@code extendedRequestId}) per event, the request time in
 * Common Log Format, handshake headers only on CONNECT, fixed headers and the close status on DISCONNECT.
 */
final class WebSocketEvents {

  static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
      .withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String apiId;
  private final String stage;
  private final String domainName;

  WebSocketEvents(String apiId, String stage, String domainName) {
    this.apiId = apiId;
    this.stage = stage;
    this.domainName = domainName;
  }

  /**
   * @param headers  the handshake headers as the client sent them
   * @param rawQuery the query string without '?', or null when the URL had none
   * @param query    the decoded query parameters, in order
   */
  String connect(ClientIdentity client, HttpHeaders headers, int localPort, String rawQuery,
      Map<String, List<String>> query, String requestId, long nowMillis) {
    ObjectNode event = JSON.createObjectNode();
    Map<String, List<String>> forwarded = forwardedHeaders(headers, client.sourceIp(), localPort);
    ObjectNode single = event.putObject("headers");
    ObjectNode multi = event.putObject("multiValueHeaders");
    forwarded.forEach((name, values) -> {
      single.put(name, values.get(values.size() - 1));
      ArrayNode list = multi.putArray(name);
      values.forEach(list::add);
    });
    if (rawQuery != null && !rawQuery.isEmpty()) {
      ObjectNode singleQuery = event.putObject("queryStringParameters");
      ObjectNode multiQuery = event.putObject("multiValueQueryStringParameters");
      query.forEach((name, values) -> {
        singleQuery.put(name, values.get(values.size() - 1));
        ArrayNode list = multiQuery.putArray(name);
        values.forEach(list::add);
      });
    }
    ObjectNode context = event.putObject("requestContext");
    context.put("routeKey", "$connect");
    context.put("eventType", "CONNECT");
    common(context, client, requestId, nowMillis);
    event.put("isBase64Encoded", false);
    return event.toString();
  }

  String message(ClientIdentity client, String routeKey, String body, boolean base64Encoded, String messageId,
      String requestId, long nowMillis) {
    ObjectNode event = JSON.createObjectNode();
    ObjectNode context = event.putObject("requestContext");
    context.put("routeKey", routeKey);
    context.put("messageId", messageId);
    context.put("eventType", "MESSAGE");
    common(context, client, requestId, nowMillis);
    event.put("body", body);
    event.put("isBase64Encoded", base64Encoded);
    return event.toString();
  }

  String disconnect(ClientIdentity client, int statusCode, String reason, String requestId, long nowMillis) {
    ObjectNode event = JSON.createObjectNode();
    Map<String, String> fixed = new LinkedHashMap<>();
    fixed.put("Host", domainName);
    fixed.put("x-api-key", "");
    fixed.put("X-Forwarded-For", "");
    fixed.put("x-restapi", "");
    ObjectNode single = event.putObject("headers");
    ObjectNode multi = event.putObject("multiValueHeaders");
    fixed.forEach((name, value) -> {
      single.put(name, value);
      multi.putArray(name).add(value);
    });
    ObjectNode context = event.putObject("requestContext");
    context.put("routeKey", "$disconnect");
    context.put("disconnectStatusCode", statusCode);
    context.put("eventType", "DISCONNECT");
    context.put("disconnectReason", reason);
    common(context, client, requestId, nowMillis);
    event.put("isBase64Encoded", false);
    return event.toString();
  }

  private void common(ObjectNode context, ClientIdentity client, String requestId, long nowMillis) {
    context.put("extendedRequestId", requestId);
    context.put("requestTime", CLF.format(Instant.ofEpochMilli(nowMillis)));
    context.put("messageDirection", "IN");
    context.put("stage", stage);
    context.put("connectedAt", client.connectedAt());
    context.put("requestTimeEpoch", nowMillis);
    ObjectNode identity = context.putObject("identity");
    if (client.userAgent() != null) {
      identity.put("userAgent", client.userAgent());
    }
    identity.put("sourceIp", client.sourceIp());
    context.put("requestId", requestId);
    context.put("domainName", domainName);
    context.put("connectionId", client.connectionId());
    context.put("apiId", apiId);
  }

  // API Gateway adds the X-Forwarded-* and X-Amzn-Trace-Id headers it would add in front of the integration.
  private static Map<String, List<String>> forwardedHeaders(HttpHeaders headers, String sourceIp, int localPort) {
    Map<String, List<String>> merged = new LinkedHashMap<>();
    for (Map.Entry<String, String> header : headers) {
      merged.computeIfAbsent(existingName(merged, header.getKey()), name -> new ArrayList<>())
          .add(header.getValue());
    }
    String forwardedFor = existingName(merged, "X-Forwarded-For");
    List<String> chain = merged.get(forwardedFor);
    merged.put(forwardedFor, List.of(chain == null ? sourceIp : String.join(", ", chain) + ", " + sourceIp));
    merged.putIfAbsent(existingName(merged, "X-Forwarded-Port"), List.of(Integer.toString(localPort)));
    merged.putIfAbsent(existingName(merged, "X-Forwarded-Proto"), List.of("http"));
    merged.putIfAbsent(existingName(merged, "X-Amzn-Trace-Id"), List.of(traceId()));
    return merged;
  }

  // Header names keep the client's spelling, but two spellings of one name are one header.
  private static String existingName(Map<String, List<String>> headers, String name) {
    for (String existing : headers.keySet()) {
      if (existing.equalsIgnoreCase(name)) {
        return existing;
      }
    }
    return name;
  }

  private static String traceId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return String.format("Root=1-%08x-%012x%012x", System.currentTimeMillis() / 1000,
        random.nextLong(1L << 48), random.nextLong(1L << 48));
  }
}
