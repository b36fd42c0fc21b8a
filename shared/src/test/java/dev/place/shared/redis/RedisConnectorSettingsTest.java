package dev.place.shared.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.place.shared.config.PlaceConfig;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The connection settings RedisConnector builds for ElastiCache, checked without a server. */
class RedisConnectorSettingsTest {

  @Test
  void elastiCacheUriTurnsOnTlsAndCarriesTheAuthToken() {
    PlaceConfig config = PlaceConfig.from(Map.of(
        "PLACE_REDIS_URI", "rediss://:s3cretToken@clustercfg.place.abc123.use1.cache.amazonaws.com:6379",
        "PLACE_REDIS_CLUSTER", "true", "PLACE_REDIS_TIMEOUT_MS", "1500")::get);

    RedisURI uri = RedisConnector.uri(config);

    assertThat(uri.isSsl()).isTrue();
    assertThat(uri.isVerifyPeer()).isTrue();
    assertThat(new String(uri.getPassword())).isEqualTo("s3cretToken");
    assertThat(uri.getHost()).isEqualTo("clustercfg.place.abc123.use1.cache.amazonaws.com");
    assertThat(uri.getTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(config.redisCluster()).isTrue();
  }

  @Test
  void theAuthTokenCanComeFromSecretsManagerInsteadOfTheUri() {
    PlaceConfig config = PlaceConfig.from(Map.of(
        "PLACE_REDIS_URI", "rediss://clustercfg.place.abc123.use1.cache.amazonaws.com:6379",
        "PLACE_REDIS_AUTH_TOKEN_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:RedisAuth-x")::get);

    RedisURI uri = RedisConnector.uri(config, arn -> arn.endsWith("RedisAuth-x") ? "fromSecretsManager" : null);

    assertThat(uri.isSsl()).isTrue();
    assertThat(new String(uri.getPassword())).isEqualTo("fromSecretsManager");
  }

  @Test
  void aConnectorOpensNoConnectionUntilItsFirstCommand() {
    // An unresolvable host: constructing must not even look it up (SnapStart snapshots the init phase).
    PlaceConfig config = PlaceConfig.from(Map.of("PLACE_REDIS_URI", "redis://redis.invalid:6379",
        "PLACE_REDIS_AUTH_TOKEN_ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:NotReadYet")::get);
    RedisConnector redis = new RedisConnector(config);

    assertThat(redis.sync()).isNotNull().hasToString("RedisConnector.RedisClusterCommands");
    assertThat(redis.async()).isNotNull().isNotEqualTo(redis.sync());
    assertThat(redis.connected()).isFalse();

    redis.close();
    assertThatThrownBy(() -> redis.sync().get("k")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThat(redis.connected()).isFalse();
  }

  @Test
  void localUriStaysPlaintext() {
    PlaceConfig config = PlaceConfig.from(Map.<String, String>of()::get);

    RedisURI uri = RedisConnector.uri(config);

    assertThat(uri.isSsl()).isFalse();
    assertThat(uri.getPassword()).isNull();
  }

  @Test
  void clusterModeRefreshesTheTopologyPeriodicallyAndOnRedirects() {
    ClusterClientOptions options = RedisConnector.clusterOptions(TimeoutOptions.enabled(Duration.ofSeconds(2)));

    assertThat(options.getTopologyRefreshOptions().isPeriodicRefreshEnabled()).isTrue();
    assertThat(options.getTopologyRefreshOptions().getRefreshPeriod()).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.getTopologyRefreshOptions().getAdaptiveRefreshTriggers()).isNotEmpty();
    assertThat(options.getTimeoutOptions().isTimeoutCommands()).isTrue();
  }
}
