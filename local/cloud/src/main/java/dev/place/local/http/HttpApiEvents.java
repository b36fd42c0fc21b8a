package dev.place.local.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds HTTP API Lambda proxy events in payload format 2.0: header names lower-cased and repeated headers joined
 * with commas, cookies moved from the {@code cookie} header into {@code cookies}, repeated query parameters joined
 * with commas, {@code stage} {@code $default} (the stage of an API with auto-deploy and no path prefix), and the
 * body base64-encoded unless its content type is textual.
 */
final class HttpApiEvents {

  /** What one request looks like before API Gateway turns it into an event. */
  record Request(String method, String rawPath, String rawQuery, String protocol,
      List<Map.Entry<String, String>> headers, byte[] body, String sourceIp, int localPort) {
  }

  private static final DateTimeFormatter CLF = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
      .withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String accountId;
  private final String apiId;
  private final String domainName;

  HttpApiEvents(String accountId, String apiId, String domainName) {
    this.accountId = accountId;
    this.apiId = apiId;
    this.domainName = domainName;
  }

  String event(Request request, String routeKey, Map<String, String> pathParameters, String requestId, long nowMillis) {
    Map<String, List<String>> headers = headers(request);
    List<String> cookies = new ArrayList<>();
    List<String> cookieHeaders = headers.remove("cookie");
    if (cookieHeaders != null) {
      for (String header : cookieHeaders) {
        for (String cookie : header.split(";")) {
          if (!cookie.isBlank()) {
            cookies.add(cookie.trim());
          }
        }
      }
    }
    ObjectNode event = JSON.createObjectNode();
    event.put("version", "2.0");
    event.put("routeKey", routeKey);
    event.put("rawPath", request.rawPath());
    event.put("rawQueryString", request.rawQuery() == null ? "" : request.rawQuery());
    if (!cookies.isEmpty()) {
      ArrayNode list = event.putArray("cookies");
      cookies.forEach(list::add);
    }
    ObjectNode headerNode = event.putObject("headers");
    headers.forEach((name, values) -> headerNode.put(name, String.join(",", values)));
    Map<String, List<String>> query = QueryStrings.parse(request.rawQuery());
    if (!query.isEmpty()) {
      ObjectNode queryNode = event.putObject("queryStringParameters");
      query.forEach((name, values) -> queryNode.put(name, String.join(",", values)));
    }
    ObjectNode context = event.putObject("requestContext");
    context.put("accountId", accountId);
    context.put("apiId", apiId);
    context.put("domainName", domainName);
    int firstDot = domainName.indexOf('.');
    context.put("domainPrefix", firstDot < 0 ? domainName : domainName.substring(0, firstDot));
    ObjectNode http = context.putObject("http");
    http.put("method", request.method());
    http.put("path", request.rawPath());
    http.put("protocol", request.protocol());
    http.put("sourceIp", request.sourceIp());
    http.put("userAgent", headers.containsKey("user-agent") ? String.join(",", headers.get("user-agent")) : "");
    context.put("requestId", requestId);
    context.put("routeKey", routeKey);
    context.put("stage", "$default");
    context.put("time", CLF.format(Instant.ofEpochMilli(nowMillis)));
    context.put("timeEpoch", nowMillis);
    boolean hasBody = request.body() != null && request.body().length > 0;
    boolean textual = hasBody && isTextual(headers.get("content-type"));
    if (hasBody) {
      event.put("body", textual
          ? new String(request.body(), StandardCharsets.UTF_8)
          : Base64.getEncoder().encodeToString(request.body()));
    }
    if (!pathParameters.isEmpty()) {
      ObjectNode parameters = event.putObject("pathParameters");
      pathParameters.forEach(parameters::put);
    }
    event.put("isBase64Encoded", hasBody && !textual);
    return event.toString();
  }

  private static Map<String, List<String>> headers(Request request) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> header : request.headers()) {
      headers.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
          .add(header.getValue());
    }
    List<String> forwardedFor = headers.get("x-forwarded-for");
    headers.put("x-forwarded-for", List.of(forwardedFor == null
        ? request.sourceIp()
        : String.join(", ", forwardedFor) + ", " + request.sourceIp()));
    headers.putIfAbsent("x-forwarded-port", List.of(Integer.toString(request.localPort())));
    headers.putIfAbsent("x-forwarded-proto", List.of("http"));
    headers.putIfAbsent("x-amzn-trace-id", List.of(traceId()));
    return headers;
  }

  // HTTP APIs pass JSON, XML, JavaScript and text/* as text and base64-encode every other body.
  static boolean isTextual(List<String> contentType) {
    if (contentType == null || contentType.isEmpty()) {
      return false;
    }
    String type = contentType.get(0).toLowerCase(Locale.ROOT).split(";")[0].trim();
    return type.startsWith("text/") || type.equals("application/json") || type.endsWith("+json")
        || type.equals("application/xml") || type.endsWith("+xml") || type.equals("application/javascript");
  }

  private static String traceId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return String.format("Root=1-%08x-%012x%012x", System.currentTimeMillis() / 1000,
        random.nextLong(1L << 48), random.nextLong(1L << 48));
  }
}
