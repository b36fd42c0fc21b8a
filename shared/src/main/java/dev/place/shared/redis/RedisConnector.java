package dev.place.shared.redis;

import dev.place.shared.config.PlaceConfig;
import dev.place.shared.config.SecretValues;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;

/**
 * One Redis connection, standalone locally or cluster-mode with TLS on ElastiCache (a
 * {@code rediss://} URI turns TLS on). Keys are text, values bytes, because tiles are binary.
 * Lettuce connections are thread-safe and multiplexed: one per process is the intended use.
 *
 * <p>The connection is opened by the first command, not by the constructor: handlers are built in
 * Lambda's init phase, which SnapStart snapshots, and a connection opened there would be restored
 * dead into every new execution environment. The same goes for the AUTH token's secret, read at
 * connect time. A failed connect fails that command; the next one tries again.
 */
public final class RedisConnector implements AutoCloseable {

  static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private record Connection(ClientResources resources, AutoCloseable client, StatefulConnection<String, byte[]> connection,
      RedisClusterCommands<String, byte[]> sync, RedisClusterAsyncCommands<String, byte[]> async) {}

  private final PlaceConfig config;
  private final RedisClusterCommands<String, byte[]> sync;
  private final RedisClusterAsyncCommands<String, byte[]> async;
  private volatile Connection connection;
  private boolean closed;

  public RedisConnector(PlaceConfig config) {
    this.config = config;
    this.sync = onFirstUse(RedisClusterCommands.class, () -> connection().sync());
    this.async = onFirstUse(RedisClusterAsyncCommands.class, () -> connection().async());
  }

  /** Commands that connect when first called; Lettuce's own command interfaces are proxies as well. */
  @SuppressWarnings("unchecked")
  private static <T> T onFirstUse(Class<T> api, Supplier<Object> commands) {
    return (T) Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api}, (proxy, method, args) -> {
      if (method.getDeclaringClass() == Object.class) {
        return switch (method.getName()) {
          case "equals" -> proxy == args[0];
          case "hashCode" -> System.identityHashCode(proxy);
          default -> "RedisConnector." + api.getSimpleName();
        };
      }
      try {
        return method.invoke(commands.get(), args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    });
  }

  private Connection connection() {
    Connection c = connection;
    if (c != null) {
      return c; // every command after the first: no lock
    }
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the Redis connector is closed");
      }
      if (connection == null) {
        connection = connect(config);
      }
      return connection;
    }
  }

  private static Connection connect(PlaceConfig config) {
    RedisURI uri = uri(config);
    // Two I/O threads are plenty for a handler or the fanout service and keep Lambda cold starts small.
    ClientResources resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
    TimeoutOptions timeouts = TimeoutOptions.enabled(config.redisTimeout());
    try {
      if (config.redisCluster()) {
        RedisClusterClient cluster = RedisClusterClient.create(resources, uri);
        cluster.setOptions(clusterOptions(timeouts));
        StatefulRedisClusterConnection<String, byte[]> c = cluster.connect(CODEC);
        return new Connection(resources, cluster::shutdown, c, c.sync(), c.async());
      }
      RedisClient single = RedisClient.create(resources, uri);
      single.setOptions(ClientOptions.builder().timeoutOptions(timeouts).build());
      StatefulRedisConnection<String, byte[]> c = single.connect(CODEC);
      return new Connection(resources, single::shutdown, c, c.sync(), c.async());
    } catch (RuntimeException e) {
      resources.shutdown();
      throw e;
    }
  }

  /**
   * {@code rediss://} turns TLS on (ElastiCache in-transit encryption). The AUTH token is
   * {@code PLACE_REDIS_AUTH_TOKEN} or the secret named by {@code PLACE_REDIS_AUTH_TOKEN_ARN} if set,
   * else whatever {@code :token@} the URI carries.
   */
  static RedisURI uri(PlaceConfig config) {
    return uri(config, SecretValues::read);
  }

  static RedisURI uri(PlaceConfig config, java.util.function.Function<String, String> secrets) {
    RedisURI uri = RedisURI.create(config.redisUri());
    uri.setTimeout(config.redisTimeout());
    String token = SecretValues.redisAuthToken(config, secrets);
    if (!token.isEmpty()) {
      uri.setPassword((CharSequence) token);
    }
    return uri;
  }

  /**
   * Cluster mode follows topology changes: ElastiCache fails over, scales shards and replaces
   * nodes, so the slot map is refreshed periodically and whenever a MOVED/ASK or reconnect says
   * it is stale, instead of failing commands until the process restarts.
   */
  static ClusterClientOptions clusterOptions(TimeoutOptions timeouts) {
    return ClusterClientOptions.builder()
        .timeoutOptions(timeouts)
        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
            .enablePeriodicRefresh(Duration.ofSeconds(30))
            .enableAllAdaptiveRefreshTriggers()
            .build())
        .build();
  }

  public RedisClusterCommands<String, byte[]> sync() {
    return sync;
  }

  public RedisClusterAsyncCommands<String, byte[]> async() {
    return async;
  }

  /**
   * Subscribes to a pub/sub channel on a connection of its own (a subscribed connection runs no other
   * command), calling {@code onMessage} on a Lettuce thread for each message until the handle is
   * closed. Connects now, so a Redis that is unreachable fails the caller; after that Lettuce
   * reconnects and subscribes again by itself.
   */
  public AutoCloseable subscribe(String channel, Consumer<byte[]> onMessage) {
    RedisURI uri = uri(config);
    ClientResources resources = DefaultClientResources.builder().ioThreadPoolSize(1).computationThreadPoolSize(1).build();
    TimeoutOptions timeouts = TimeoutOptions.enabled(config.redisTimeout());
    RedisPubSubAdapter<String, byte[]> listener = new RedisPubSubAdapter<>() {
      @Override
      public void message(String from, byte[] message) {
        if (channel.equals(from)) {
          onMessage.accept(message);
        }
      }
    };
    try {
      if (config.redisCluster()) {
        RedisClusterClient cluster = RedisClusterClient.create(resources, uri);
        cluster.setOptions(clusterOptions(timeouts));
        StatefulRedisClusterPubSubConnection<String, byte[]> c = cluster.connectPubSub(CODEC);
        c.addListener(listener);
        c.sync().subscribe(channel);
        return () -> {
          c.close();
          cluster.shutdown();
          resources.shutdown();
        };
      }
      RedisClient single = RedisClient.create(resources, uri);
      single.setOptions(ClientOptions.builder().timeoutOptions(timeouts).build());
      StatefulRedisPubSubConnection<String, byte[]> c = single.connectPubSub(CODEC);
      c.addListener(listener);
      c.sync().subscribe(channel);
      return () -> {
        c.close();
        single.shutdown();
        resources.shutdown();
      };
    } catch (RuntimeException e) {
      resources.shutdown();
      throw e;
    }
  }

  /** Whether a command has connected yet (for tests: construction must not). */
  synchronized boolean connected() {
    return connection != null;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (connection == null) {
      return;
    }
    connection.connection().close();
    try {
      connection.client().close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    connection.resources().shutdown();
  }
}
