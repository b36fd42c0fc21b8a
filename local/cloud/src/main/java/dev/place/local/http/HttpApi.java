package dev.place.local.http;

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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * An API Gateway v2 HTTP API with Lambda proxy integrations (payload format 2.0) on its {@code $default} stage,
 * i.e. without a stage prefix in URLs, served on one local port. Optionally serves static files under URL
 * prefixes, which stands in for the CDN that fronts the static site on AWS.
 *
 * <pre>{@code
 * HttpApi api = HttpApi.builder()
 *         .route("GET /canvas/{chunk}", readChunkFn)
 *         .route("POST /pixels", placePixelFn)
 *         .staticFiles("/", Path.of("web/dist"), "no-cache")
 *         .start();
 * }</pre>
 */
public final class HttpApi implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

  private final EventLoopGroup acceptor;
  private final EventLoopGroup workers;
  private final Channel serverChannel;
  private final String host;
  private final String apiId;

  private HttpApi(Builder builder, String apiId) throws InterruptedException {
    this.host = builder.host;
    this.apiId = apiId;
    String domainName = builder.domainName != null
        ? builder.domainName
        : apiId + ".execute-api." + builder.region + ".amazonaws.com";
    List<HttpRoute> routes = new ArrayList<>();
    builder.routes.forEach((key, function) -> routes.add(HttpRoute.parse(key, function)));
    RouteTable table = new RouteTable(routes);
    List<StaticFiles> mounts = List.copyOf(builder.staticMounts);
    HttpApiEvents events = new HttpApiEvents(builder.accountId, apiId, domainName);
    Duration integrationTimeout = builder.integrationTimeout;
    int maxBodyBytes = builder.maxBodyBytes;
    this.acceptor = new NioEventLoopGroup(1, new DefaultThreadFactory("http-api-accept"));
    this.workers = new NioEventLoopGroup(0, new DefaultThreadFactory("http-api"));
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
                  .addLast("aggregator", new HttpObjectAggregator(maxBodyBytes))
                  .addLast("api", new HttpApiHandler(table, mounts, events, integrationTimeout));
            }
          })
          .bind(builder.host, FreeLoopbackPorts.orAny(builder.port))
          .sync()
          .channel();
    } catch (InterruptedException | RuntimeException failed) {
      acceptor.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw failed;
    }
    LOG.info("HTTP API {} listening on {} (routes {})", apiId, baseUrl(), builder.routes.keySet());
  }

  public static Builder builder() {
    return new Builder();
  }

  public int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /** E.g. {@code http://127.0.0.1:PORT} (the {@code $default} stage has no path prefix). */
  public URI baseUrl() {
    String urlHost = "0.0.0.0".equals(host) ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
    return URI.create("http://" + urlHost + ":" + port());
  }

  public String apiId() {
    return apiId;
  }

  @Override
  public void close() {
    serverChannel.close().syncUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    acceptor.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }

  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private String apiId;
    private String region = "us-east-1";
    private String accountId = "000000000000";
    private String domainName;
    private final Map<String, LambdaFunction> routes = new LinkedHashMap<>();
    private final List<StaticFiles> staticMounts = new ArrayList<>();
    private Duration integrationTimeout = Duration.ofSeconds(30);
    private int maxBodyBytes = 10 * 1024 * 1024;

    private Builder() {
    }

    public Builder host(String host) {
      this.host = Objects.requireNonNull(host);
      return this;
    }

    /** 0 (the default) picks a free port. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder apiId(String apiId) {
      this.apiId = Objects.requireNonNull(apiId);
      return this;
    }

    public Builder region(String region) {
      this.region = Objects.requireNonNull(region);
      return this;
    }

    public Builder accountId(String accountId) {
      this.accountId = Objects.requireNonNull(accountId);
      return this;
    }

    public Builder domainName(String domainName) {
      this.domainName = Objects.requireNonNull(domainName);
      return this;
    }

    /**
     * A Lambda proxy route: {@code "GET /pixels/{x}/{y}"}, {@code "ANY /admin/{proxy+}"} or {@code "$default"}.
     * The route key is checked now, as API Gateway checks it at deployment.
     */
    public Builder route(String routeKey, LambdaFunction function) {
      HttpRoute parsed = HttpRoute.parse(routeKey, Objects.requireNonNull(function, "function"));
      if (routes.put(parsed.routeKey(), function) != null) {
        throw new IllegalArgumentException("Duplicate route " + parsed.routeKey());
      }
      return this;
    }

    /**
     * Serves files under {@code root} at {@code urlPrefix} (GET/HEAD, ETag + If-None-Match, the given
     * Cache-Control). Routes other than {@code $default} take precedence; mounts are tried in the order added.
     */
    public Builder staticFiles(String urlPrefix, Path root, String cacheControl) {
      staticMounts.add(new StaticFiles(urlPrefix, root, Objects.requireNonNull(cacheControl)));
      return this;
    }

    /** HTTP APIs allow at most 30 s. */
    public Builder integrationTimeout(Duration timeout) {
      if (timeout.isZero() || timeout.isNegative()) {
        throw new IllegalArgumentException("integrationTimeout must be positive");
      }
      this.integrationTimeout = timeout;
      return this;
    }

    /** HTTP APIs accept request bodies up to 10 MB. */
    public Builder maxBodyBytes(int bytes) {
      this.maxBodyBytes = bytes;
      return this;
    }

    public HttpApi start() {
      try {
        return new HttpApi(this, apiId != null ? apiId : GatewayIds.apiId());
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while binding " + host + ":" + port, interrupted);
      }
    }
  }
}
