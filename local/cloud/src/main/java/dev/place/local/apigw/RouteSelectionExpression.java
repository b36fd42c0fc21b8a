package dev.place.local.apigw;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WebSocket API's route selection expression, evaluated over a message body. Supports the selection-expression
 * forms API Gateway documents for WebSocket APIs: {@code $request.body.a.b} and templates mixing literal text with
 * {@code ${request.body.a.b}}. The selected value is stringified: strings as is, numbers and booleans as their JSON
 * text, objects and arrays as compact JSON; {@code null}, a missing path or a body that is not JSON select
 * nothing. Anything else is rejected when the API is built, because API Gateway would reject it at deployment.
 */
public final class RouteSelectionExpression {

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final String PATH = "[A-Za-z_$][A-Za-z0-9_$-]*(?:\\.[A-Za-z_$][A-Za-z0-9_$-]*)*";
  private static final Pattern WHOLE = Pattern.compile("\\$request\\.body\\.(" + PATH + ")");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{request\\.body\\.(" + PATH + ")}");

  /** Literal text (path == null) or a body path to substitute. */
  private record Part(String literal, String[] path) {
  }

  private final String expression;
  private final List<Part> parts;

  private RouteSelectionExpression(String expression, List<Part> parts) {
    this.expression = expression;
    this.parts = parts;
  }

  public static RouteSelectionExpression parse(String expression) {
    Matcher whole = WHOLE.matcher(expression);
    if (whole.matches()) {
      return new RouteSelectionExpression(expression, List.of(new Part(null, whole.group(1).split("\\."))));
    }
    List<Part> parts = new ArrayList<>();
    Matcher placeholder = PLACEHOLDER.matcher(expression);
    int literalStart = 0;
    while (placeholder.find()) {
      if (placeholder.start() > literalStart) {
        parts.add(new Part(expression.substring(literalStart, placeholder.start()), null));
      }
      parts.add(new Part(null, placeholder.group(1).split("\\.")));
      literalStart = placeholder.end();
    }
    if (literalStart < expression.length()) {
      parts.add(new Part(expression.substring(literalStart), null));
    }
    boolean hasPlaceholder = parts.stream().anyMatch(part -> part.path() != null);
    boolean strayReference = parts.stream().anyMatch(part -> part.literal() != null && part.literal().contains("$"));
    if (!hasPlaceholder || strayReference) {
      throw new IllegalArgumentException("Unsupported route selection expression '" + expression
          + "': use $request.body.<path> or a template of ${request.body.<path>}");
    }
    return new RouteSelectionExpression(expression, List.copyOf(parts));
  }

  /** The selected route key, or empty when the body gives no value (API Gateway then uses {@code $default}). */
  public Optional<String> evaluate(String body) {
    if (body == null) {
      return Optional.empty();
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException notJson) {
      return Optional.empty();
    }
    if (root == null) {
      return Optional.empty();
    }
    StringBuilder key = new StringBuilder();
    for (Part part : parts) {
      if (part.path() == null) {
        key.append(part.literal());
        continue;
      }
      Optional<String> value = select(root, part.path());
      if (value.isEmpty()) {
        return Optional.empty();
      }
      key.append(value.get());
    }
    return Optional.of(key.toString());
  }

  private static Optional<String> select(JsonNode root, String[] path) {
    JsonNode node = root;
    for (String name : path) {
      if (node == null || !node.isObject()) {
        return Optional.empty();
      }
      node = node.get(name);
    }
    if (node == null || node.isNull() || node.isMissingNode()) {
      return Optional.empty();
    }
    return Optional.of(node.isValueNode() ? node.asText() : node.toString());
  }

  @Override
  public String toString() {
    return expression;
  }
}
