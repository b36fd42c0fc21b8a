package dev.place.functions.rest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.place.shared.canvas.Palette;
import dev.place.shared.config.PlaceConfig;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * {@code GET /api/v1/canvas/info}: what a client needs before it connects: size, palette, cooldown,
 * where snapshots and the WebSocket are, and how many people are online. The web client reads it
 * first, so a page served from the CDN learns its API's addresses from here.
 */
public final class CanvasInfoHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  private final PlaceConfig config;
  private final LongSupplier online;

  public CanvasInfoHandler() {
    // Every open page asks every 15 s and a count is one HLEN per registry bucket, so one
    // execution environment counts at most every 5 s and answers from that in between.
    this(RestDependencies.get().config(), new CachedCount(() -> RestDependencies.get().registry().count(), 5_000,
        System::currentTimeMillis));
  }

  CanvasInfoHandler(PlaceConfig config, LongSupplier online) {
    this.config = config;
    this.online = online;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    String onlineJson;
    try {
      onlineJson = Long.toString(online.getAsLong());
    } catch (RuntimeException e) {
      // The count is a nicety: the canvas description must not fail because Redis is slow.
      onlineJson = "null";
    }
    String palette = Palette.COLOURS.stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(","));
    String body = "{\"width\":" + config.canvasWidth()
        + ",\"height\":" + config.canvasHeight()
        + ",\"tileSize\":" + config.tileSize()
        + ",\"palette\":[" + palette + "]"
        + ",\"cooldownSeconds\":" + config.cooldown().toSeconds()
        + ",\"snapshotIndexUrl\":\"" + RestResponses.escape(CanvasRedirectHandler.indexUrl(config)) + "\""
        + ",\"webSocketUrl\":\"" + RestResponses.escape(webSocketUrl(config)) + "\""
        + ",\"edgeUrl\":" + (config.delivery().edgeUrl().isEmpty() ? "null" : "\"" + RestResponses.escape(config.delivery().edgeUrl()) + "\"")
        + ",\"online\":" + onlineJson
        + ",\"signIn\":" + signIn(config.identity()) + "}";
    return RestResponses.json(200, body, "public, max-age=5");
  }

  /** Where the web client signs in (authorization code + PKCE), and what guests may do (docs/protocol.md, Signing in). */
  static String signIn(PlaceConfig.Identity identity) {
    String provider = !identity.signInConfigured() ? "null"
        : "{\"issuer\":\"" + RestResponses.escape(identity.oidcPublicIssuer()) + "\",\"clientId\":\""
            + RestResponses.escape(identity.oidcClientId()) + "\"}";
    return "{\"provider\":" + provider + ",\"guests\":" + identity.guests()
        + ",\"guestCooldownSeconds\":" + identity.guestCooldown().toSeconds() + "}";
  }

  /** A count re-read at most once per {@code maxAgeMillis}. */
  static final class CachedCount implements LongSupplier {
    private final LongSupplier source;
    private final long maxAgeMillis;
    private final LongSupplier clock;
    private long value;
    private long readAt;
    private boolean read;

    CachedCount(LongSupplier source, long maxAgeMillis, LongSupplier clock) {
      this.source = source;
      this.maxAgeMillis = maxAgeMillis;
      this.clock = clock;
    }

    @Override
    public synchronized long getAsLong() {
      long now = clock.getAsLong();
      if (!read || now - readAt >= maxAgeMillis) {
        value = source.getAsLong();
        readAt = now;
        read = true;
      }
      return value;
    }
  }

  /**
   * API Gateway serves a WebSocket API's {@code @connections} endpoint at the same host and stage as
   * the socket itself, so the socket's URL is that endpoint with a WebSocket scheme.
   */
  static String webSocketUrl(PlaceConfig config) {
    String endpoint = config.connectionsEndpoint().toString();
    if (endpoint.startsWith("https://")) {
      return "wss://" + endpoint.substring("https://".length());
    }
    if (endpoint.startsWith("http://")) {
      return "ws://" + endpoint.substring("http://".length());
    }
    return endpoint;
  }
}
