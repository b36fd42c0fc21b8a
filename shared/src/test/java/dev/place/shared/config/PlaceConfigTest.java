package dev.place.shared.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceConfigTest {

  @Test
  void defaultsDescribeTheLocalCloud() {
    PlaceConfig config = PlaceConfig.from(name -> null);
    assertThat(config.canvasWidth()).isEqualTo(2000);
    assertThat(config.cooldown()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.ipLimitPerMinute()).isEqualTo(100);
    assertThat(config.globalLimitPerSecond()).isEqualTo(50_000);
    assertThat(config.kafkaTopic()).isEqualTo("pixel-events");
    assertThat(config.redisUri().toString()).isEqualTo("redis://127.0.0.1:6379");
    assertThat(config.kafkaIamAuth()).isFalse();
  }

  @Test
  void variablesOverrideDefaults() {
    Map<String, String> env = Map.of("PLACE_COOLDOWN_SECONDS", "10", "PLACE_KAFKA_AUTH", "IAM", "PLACE_REDIS_CLUSTER", "true");
    PlaceConfig config = PlaceConfig.from(env::get);
    assertThat(config.cooldown()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.kafkaIamAuth()).isTrue();
    assertThat(config.redisCluster()).isTrue();
  }

  @Test
  void unusableValuesFailWithTheVariableNameAndTheRule() {
    assertThatThrownBy(() -> PlaceConfig.from(Map.of("PLACE_TILE_SIZE", "abc")::get))
        .isInstanceOf(ConfigException.class).hasMessageContaining("PLACE_TILE_SIZE").hasMessageContaining("whole number");
    assertThatThrownBy(() -> PlaceConfig.from(Map.of("PLACE_TILE_SIZE", "255")::get)).hasMessageContaining("even");
    assertThatThrownBy(() -> PlaceConfig.from(Map.of("PLACE_COOLDOWN_SECONDS", "-1")::get)).hasMessageContaining("between");
    assertThatThrownBy(() -> PlaceConfig.from(Map.of("PLACE_KAFKA_AUTH", "kerberos")::get)).hasMessageContaining("none, iam");
  }

  @Test
  void installedVariablesWinOverTheProcessEnvironment() {
    Environment.install(Map.of("PATH", "installed"));
    try {
      assertThat(Environment.get("PATH")).isEqualTo("installed");
    } finally {
      Environment.install(Map.of());
    }
    assertThat(Environment.get("PATH")).isEqualTo(System.getenv("PATH"));
  }

  @Test
  void deliveryIsThroughApiGatewayUnlessTheEdgeIsAsked() {
    PlaceConfig.Delivery none = PlaceConfig.from(name -> null).delivery();
    assertThat(none.apiGateway()).isTrue();
    assertThat(none.edge()).isFalse();
    assertThat(none.edgePort()).isEqualTo(3003);
    assertThat(none.edgeUrl()).isEmpty();

    PlaceConfig.Delivery both = PlaceConfig.from(Map.of("PLACE_DELIVERY_MODES", "apigw, edge")::get).delivery();
    assertThat(both.apiGateway()).isTrue();
    assertThat(both.edge()).isTrue();

    PlaceConfig.Delivery edgeOnly = PlaceConfig.from(Map.of("PLACE_DELIVERY_MODES", "edge", "PLACE_EDGE_HOST", "0.0.0.0")::get).delivery();
    assertThat(edgeOnly.apiGateway()).isFalse();
    assertThat(edgeOnly.edgeHost()).isEqualTo("0.0.0.0");
  }

  @Test
  void anUnknownDeliveryModeIsRefusedByName() {
    assertThatThrownBy(() -> PlaceConfig.from(Map.of("PLACE_DELIVERY_MODES", "apigw,sse")::get))
        .isInstanceOf(ConfigException.class).hasMessageContaining("PLACE_DELIVERY_MODES").hasMessageContaining("sse");
  }
}
