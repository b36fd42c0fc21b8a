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
import java.time.Duration;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;

/**
 * One Redis connection, standalone locally or cluster-mode with TLS on ElastiCache (a
 * {@code rediss://} URI turns TLS on). Keys are text, values bytes, because tiles are binary.
 * Lettuce connections are thread-safe and multiplexed: one per process is the intended use.
 */
public final class RedisConnector implements AutoCloseable {

  static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final ClientResources resources;
  private final AutoCloseable client;
  private final StatefulConnection<String, byte[]> connection;
  private final RedisClusterCommands<String, byte[]> sync;
  private final RedisClusterAsyncCommands<String, byte[]> async;

  public RedisConnector(PlaceConfig config) {
    RedisURI uri = uri(config);
    // Two I/O threads are plenty for a handler or the fanout service and keep Lambda cold starts small.
    resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
    TimeoutOptions timeouts = TimeoutOptions.enabled(config.redisTimeout());
    if (config.redisCluster()) {
      RedisClusterClient cluster = RedisClusterClient.create(resources, uri);
      cluster.setOptions(clusterOptions(timeouts));
      StatefulRedisClusterConnection<String, byte[]> c = cluster.connect(CODEC);
      client = cluster::shutdown;
      connection = c;
      sync = c.sync();
      async = c.async();
    } else {
      RedisClient single = RedisClient.create(resources, uri);
      single.setOptions(ClientOptions.builder().timeoutOptions(timeouts).build());
      StatefulRedisConnection<String, byte[]> c = single.connect(CODEC);
      client = single::shutdown;
      connection = c;
      sync = c.sync();
      async = c.async();
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

  @Override
  public void close() {
    connection.close();
    try {
      client.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    resources.shutdown();
  }
}
