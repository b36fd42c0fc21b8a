package dev.place.local.apigw;

import dev.place.local.engine.FreeLoopbackPorts;
import dev.place.local.lambda.LambdaFunction;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An API Gateway v2 WebSocket API stage, served on one local port: clients connect to {@link #websocketUrl()}, and
 * backends manage connections through the {@code @connections} API at {@link #connectionsEndpoint()}, which is
 * what the AWS SDK's {@code ApiGatewayManagementApi} client takes as its endpoint override. Routes are Lambda proxy
 * integrations ({@link LambdaFunction}).
 *
 * <pre>{@code
 * WebSocketApi api = WebSocketApi.builder()
 *         .stage("local")
 *         .route("$connect", connectFn).route("$disconnect", disconnectFn)
 *         .route("$default", defaultFn).twoWayRoute("place", placeFn)
 *         .start();
 * }</pre>
 */
public final class WebSocketApi implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketApi.class);

  private final WebSocketApiSettings settings;
  private final EventLoopGroup acceptor;
  private final EventLoopGroup workers;
  private final Channel serverChannel;
  private final ConnectionRegistry registry;
  private final ConnectionLifecycle lifecycle;
  private final WebSocketEvents events;

  private WebSocketApi(WebSocketApiSettings settings) throws InterruptedException {
    this.settings = settings;
    this.registry = new ConnectionRegistry();
    this.events = new WebSocketEvents(settings.apiId(), settings.stage(), settings.domainName());
    this.lifecycle = new ConnectionLifecycle(settings, registry, events);
    MessageDispatcher dispatcher = new MessageDispatcher(settings, events);
    ConnectHandshake handshake = new ConnectHandshake(settings, events, lifecycle, dispatcher);
    ConnectionsApi connectionsApi = new ConnectionsApi(registry, lifecycle, settings.maxPostBytes());
    this.acceptor = new NioEventLoopGroup(1, new DefaultThreadFactory("websocket-api-accept"));
    this.workers = new NioEventLoopGroup(0, new DefaultThreadFactory("websocket-api"));
    try {
      this.serverChannel = new ServerBootstrap()
          .group(acceptor, workers)
          .channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel channel) {
              channel.pipeline()
                  .addLast("http", new HttpServerCodec())
                  .addLast("continue", new HttpServerExpectContinueHandler())
                  // Above the 128 KB PostToConnection quota, so the API can answer 413 itself.
                  .addLast("aggregator", new HttpObjectAggregator(10 * 1024 * 1024))
                  .addLast("entry", new EntryHandler(settings.stage(), handshake, connectionsApi));
            }
          })
          .bind(settings.host(), settings.port())
          .sync()
          .channel();
    } catch (InterruptedException | RuntimeException failed) {
      acceptor.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw failed;
    }
    LOG.info("WebSocket API {} listening on {} (routes {})", settings.apiId(), websocketUrl(),
        settings.routes().keySet());
  }

  /**
   * Primes every route's function ({@link LambdaFunction#prime}) with an event of a connection that
   * never existed: {@code $connect} without headers or query string, {@code $disconnect} with 1000, a
   * message route with the body given for it (routes without one are left cold). No connection is opened,
   * nothing is sent to a client.
   *
   * @return per route key, the priming milliseconds of each of its environments
   */
  public Map<String, List<Long>> prime(Map<String, String> messageBodies) {
    long now = System.currentTimeMillis();
    ClientIdentity nobody = new ClientIdentity(ConnectionIds.next(), now, "127.0.0.1", "place-local-priming");
    Map<String, List<Long>> primed = new LinkedHashMap<>();
    for (Map.Entry<String, LambdaFunction> route : settings.routes().entrySet()) {
      String key = route.getKey();
      String event;
      if (key.equals(WebSocketApiSettings.CONNECT)) {
        event = events.connect(nobody, new io.netty.handler.codec.http.DefaultHttpHeaders(), settings.port(), null,
            Map.of(), ConnectionIds.next(), now);
      } else if (key.equals(WebSocketApiSettings.DISCONNECT)) {
        event = events.disconnect(nobody, ConnectionLifecycle.NORMAL, "", ConnectionIds.next(), now);
      } else if (messageBodies.containsKey(key)) {
        event = events.message(nobody, key, messageBodies.get(key), false, ConnectionIds.next(), ConnectionIds.next(), now);
      } else {
        continue;
      }
      primed.put(key, route.getValue().prime(event));
    }
    return primed;
  }

  public static Builder builder() {
    return new Builder();
  }

  public int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /** Where WebSocket clients connect, e.g. {@code ws://127.0.0.1:PORT/local}. */
  public URI websocketUrl() {
    return URI.create("ws://" + hostForUrl() + ":" + port() + "/" + settings.stage());
  }

  /**
   * The management endpoint, e.g. {@code http://127.0.0.1:PORT/local}: pass it to
   * {@code ApiGatewayManagementApiClient.builder().endpointOverride(...)} (the SDK appends
   * {@code /@connections/{id}}), or to the CLI's {@code --endpoint-url}.
   */
  public URI connectionsEndpoint() {
    return URI.create("http://" + hostForUrl() + ":" + port() + "/" + settings.stage());
  }

  public String apiId() {
    return settings.apiId();
  }

  public String stage() {
    return settings.stage();
  }

  /** The {@code domainName} put into events (API Gateway's host name, not the local address). */
  public String domainName() {
    return settings.domainName();
  }

  /** Number of connections currently reachable through {@code @connections}. */
  public int connectionCount() {
    return registry.size();
  }

  /**
   * Stops accepting, closes every connection with 1001 (as API Gateway does when it goes away), waits up to the
   * drain timeout for the pending messages and {@code $disconnect} calls, then releases the threads.
   * The route functions are not closed: they may be shared with other APIs.
   */
  @Override
  public void close() {
    serverChannel.close().syncUninterruptibly();
    registry.snapshot().forEach(connection ->
        lifecycle.close(connection, ConnectionLifecycle.GOING_AWAY, "Going away"));
    try {
      lifecycle.quiescence().get(settings.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException slow) {
      LOG.warn("WebSocket API {}: connections did not drain within {}", settings.apiId(), settings.drainTimeout());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException impossible) {
      LOG.warn("WebSocket API {}: drain failed", settings.apiId(), impossible);
    }
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private String hostForUrl() {
    String host = settings.host();
    if ("0.0.0.0".equals(host)) {
      return "127.0.0.1";
    }
    return host.contains(":") ? "[" + host + "]" : host;
  }

  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private String stage = "local";
    private String apiId;
    private String region = "us-east-1";
    private String domainName;
    private String routeSelectionExpression = "$request.body.action";
    private final Map<String, LambdaFunction> routes = new LinkedHashMap<>();
    private final Set<String> twoWayRoutes = new LinkedHashSet<>();
    private Duration integrationTimeout = Duration.ofSeconds(29);
    private Duration idleTimeout = Duration.ofMinutes(10);
    private Duration maxConnectionAge = Duration.ofHours(2);
    private int maxFrameBytes = 32 * 1024;
    private int maxMessageBytes = 128 * 1024;
    private int maxPostBytes = 128 * 1024;
    private Duration drainTimeout = Duration.ofSeconds(10);
    private final Set<String> binaryMediaTypes = new LinkedHashSet<>();

    private Builder() {
    }

    /** Interface to bind; loopback by default so the emulator is not reachable from the network. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host);
      return this;
    }

    /** 0 (the default) picks a free port; read it back with {@link WebSocketApi#port()}. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder stage(String stage) {
      if (stage == null || !stage.matches("[A-Za-z0-9_-]{1,128}")) {
        throw new IllegalArgumentException("Stage names are 1-128 of [A-Za-z0-9_-]: " + stage);
      }
      this.stage = stage;
      return this;
    }

    /** Defaults to a random ten-character id, as API Gateway assigns. */
    public Builder apiId(String apiId) {
      this.apiId = Objects.requireNonNull(apiId);
      return this;
    }

    public Builder region(String region) {
      this.region = Objects.requireNonNull(region);
      return this;
    }

    /** Defaults to {@code {apiId}.execute-api.{region}.amazonaws.com}; set it to emulate a custom domain. */
    public Builder domainName(String domainName) {
      this.domainName = Objects.requireNonNull(domainName);
      return this;
    }

    public Builder routeSelectionExpression(String expression) {
      this.routeSelectionExpression = Objects.requireNonNull(expression);
      return this;
    }

    /** A one-way route: the integration's response is discarded (API Gateway's default). */
    public Builder route(String routeKey, LambdaFunction function) {
      if (routeKey == null || routeKey.isEmpty()) {
        throw new IllegalArgumentException("route key must not be empty");
      }
      routes.put(routeKey, Objects.requireNonNull(function, "function"));
      twoWayRoutes.remove(routeKey);
      return this;
    }

    /**
     * A route with a {@code $default} route response: the integration's {@code body} is sent back to the client.
     * {@code $connect} and {@code $disconnect} cannot be two-way.
     */
    public Builder twoWayRoute(String routeKey, LambdaFunction function) {
      if (WebSocketApiSettings.CONNECT.equals(routeKey) || WebSocketApiSettings.DISCONNECT.equals(routeKey)) {
        throw new IllegalArgumentException(routeKey + " cannot have a route response");
      }
      route(routeKey, function);
      twoWayRoutes.add(routeKey);
      return this;
    }

    public Builder integrationTimeout(Duration timeout) {
      this.integrationTimeout = positive(timeout, "integrationTimeout");
      return this;
    }

    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = positive(timeout, "idleTimeout");
      return this;
    }

    public Builder maxConnectionAge(Duration age) {
      this.maxConnectionAge = positive(age, "maxConnectionAge");
      return this;
    }

    /** API Gateway's quota is 32 KB per frame; a larger frame closes the connection with 1009. */
    public Builder maxFrameBytes(int bytes) {
      this.maxFrameBytes = atLeastOne(bytes, "maxFrameBytes");
      return this;
    }

    /** API Gateway's quota is 128 KB per (possibly fragmented) message; a larger one closes with 1009. */
    public Builder maxMessageBytes(int bytes) {
      this.maxMessageBytes = atLeastOne(bytes, "maxMessageBytes");
      return this;
    }

    /** PostToConnection data above this (128 KB on AWS) is refused with 413 PayloadTooLargeException. */
    public Builder maxPostBytes(int bytes) {
      this.maxPostBytes = atLeastOne(bytes, "maxPostBytes");
      return this;
    }

    /**
     * The API's binary media types (e.g. {@code *}{@code /*}). Without any, as by default on AWS, a binary frame closes
     * the connection with 1003; with some, it reaches the integration base64-encoded ({@code isBase64Encoded}).
     */
    public Builder binaryMediaTypes(String... mediaTypes) {
      for (String type : mediaTypes) {
        if (type == null || !type.matches("[^/\\s]+/[^/\\s]+")) {
          throw new IllegalArgumentException("a binary media type looks like type/subtype, got " + type);
        }
        binaryMediaTypes.add(type);
      }
      return this;
    }

    public Builder drainTimeout(Duration timeout) {
      this.drainTimeout = positive(timeout, "drainTimeout");
      return this;
    }

    /** Binds the port and starts serving. */
    public WebSocketApi start() {
      String id = apiId != null ? apiId : ConnectionIds.apiId();
      String domain = domainName != null ? domainName : id + ".execute-api." + region + ".amazonaws.com";
      WebSocketApiSettings settings = new WebSocketApiSettings(host, FreeLoopbackPorts.orAny(port), stage, id, region, domain,
          RouteSelectionExpression.parse(routeSelectionExpression), Map.copyOf(routes),
          Set.copyOf(twoWayRoutes), integrationTimeout, idleTimeout, maxConnectionAge, maxFrameBytes,
          maxMessageBytes, maxPostBytes, drainTimeout, Set.copyOf(binaryMediaTypes));
      try {
        return new WebSocketApi(settings);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while binding " + host + ":" + port, interrupted);
      }
    }

    private static Duration positive(Duration value, String what) {
      if (value == null || value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(what + " must be positive");
      }
      return value;
    }

    private static int atLeastOne(int value, String what) {
      if (value < 1) {
        throw new IllegalArgumentException(what + " must be positive");
      }
      return value;
    }
  }
}
