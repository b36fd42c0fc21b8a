package dev.place.local.apigw;

import dev.place.local.lambda.LambdaFunction;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** The deployed configuration of one WebSocket API stage. */
record WebSocketApiSettings(
    String host,
    int port,
    String stage,
    String apiId,
    String region,
    String domainName,
    RouteSelectionExpression routeSelection,
    Map<String, LambdaFunction> routes,
    Set<String> twoWayRoutes,
    Duration integrationTimeout,
    Duration idleTimeout,
    Duration maxConnectionAge,
    int maxFrameBytes,
    int maxMessageBytes,
    int maxPostBytes,
    Duration drainTimeout,
    Set<String> binaryMediaTypes) {

  static final String CONNECT = "$connect";
  static final String DISCONNECT = "$disconnect";
  static final String DEFAULT = "$default";

  /**
   * API Gateway passes binary frames to the integration only when the API has binary media types; otherwise it
   * closes the connection with 1003 (docs/protocol.md).
   */
  boolean acceptsBinaryFrames() {
    return !binaryMediaTypes.isEmpty();
  }

  /** Keys a message can select: the reserved {@code $connect}/{@code $disconnect} never match a message. */
  boolean isMessageRoute(String routeKey) {
    return routes.containsKey(routeKey) && !CONNECT.equals(routeKey) && !DISCONNECT.equals(routeKey);
  }
}
