package dev.place.local.http;

import dev.place.local.lambda.LambdaFunction;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One route of an HTTP API: a route key {@code "METHOD /path"} (method {@code ANY} matches every method; path
 * segments may be {@code {name}} or, last, the greedy {@code {name+}}) or {@code $default}, bound to a function.
 */
final class HttpRoute {

  static final String DEFAULT = "$default";
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY");

  enum Kind { LITERAL, PARAMETER, GREEDY }

  record Segment(Kind kind, String text) {
  }

  private final String routeKey;
  private final String method;
  private final List<Segment> segments;
  private final LambdaFunction function;

  private HttpRoute(String routeKey, String method, List<Segment> segments, LambdaFunction function) {
    this.routeKey = routeKey;
    this.method = method;
    this.segments = segments;
    this.function = function;
  }

  static HttpRoute parse(String routeKey, LambdaFunction function) {
    if (DEFAULT.equals(routeKey)) {
      return new HttpRoute(routeKey, "ANY", null, function);
    }
    int space = routeKey.indexOf(' ');
    if (space < 0) {
      throw new IllegalArgumentException("Route key must be \"METHOD /path\" or $default: " + routeKey);
    }
    String method = routeKey.substring(0, space).toUpperCase(Locale.ROOT);
    String path = routeKey.substring(space + 1);
    if (!METHODS.contains(method) || !path.startsWith("/")) {
      throw new IllegalArgumentException("Route key must be \"METHOD /path\" or $default: " + routeKey);
    }
    List<Segment> segments = new ArrayList<>();
    String[] parts = path.substring(1).split("/", -1);
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (part.startsWith("{") && part.endsWith("+}")) {
        if (i != parts.length - 1) {
          throw new IllegalArgumentException("A greedy path variable must be last: " + routeKey);
        }
        segments.add(new Segment(Kind.GREEDY, part.substring(1, part.length() - 2)));
      } else if (part.startsWith("{") && part.endsWith("}")) {
        segments.add(new Segment(Kind.PARAMETER, part.substring(1, part.length() - 1)));
      } else {
        segments.add(new Segment(Kind.LITERAL, part));
      }
    }
    return new HttpRoute(method + " " + path, method, List.copyOf(segments), function);
  }

  String routeKey() {
    return routeKey;
  }

  LambdaFunction function() {
    return function;
  }

  boolean isDefault() {
    return segments == null;
  }

  boolean anyMethod() {
    return "ANY".equals(method);
  }

  List<Segment> segments() {
    return segments;
  }

  /** The decoded path parameters if this route matches, else empty. */
  Optional<Map<String, String>> match(String requestMethod, String rawPath) {
    if (isDefault() || !(anyMethod() || method.equals(requestMethod))) {
      return Optional.empty();
    }
    String[] parts = rawPath.startsWith("/") ? rawPath.substring(1).split("/", -1) : rawPath.split("/", -1);
    Map<String, String> parameters = new LinkedHashMap<>();
    for (int i = 0; i < segments.size(); i++) {
      Segment segment = segments.get(i);
      if (segment.kind() == Kind.GREEDY) {
        String rest = i < parts.length ? String.join("/", Arrays.asList(parts).subList(i, parts.length)) : "";
        if (rest.isEmpty()) {
          return Optional.empty();
        }
        parameters.put(segment.text(), decode(rest));
        return Optional.of(parameters);
      }
      if (i >= parts.length) {
        return Optional.empty();
      }
      if (segment.kind() == Kind.LITERAL) {
        if (!segment.text().equals(decode(parts[i]))) {
          return Optional.empty();
        }
      } else {
        if (parts[i].isEmpty()) {
          return Optional.empty();
        }
        parameters.put(segment.text(), decode(parts[i]));
      }
    }
    return parts.length == segments.size() ? Optional.of(parameters) : Optional.empty();
  }

  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      return raw;
    }
  }
}
