package dev.place.shared.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SecretValuesTest {

  private static final String TOKEN_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:PlaceTokenSecret-AbCdEf";
  private static final String REDIS_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:PlaceRedisAuth-GhIjKl";

  private final List<String> read = new ArrayList<>();
  private final Function<String, String> secretsManager = arn -> {
    read.add(arn);
    return arn.equals(TOKEN_ARN) ? "key-from-secrets-manager" : "auth-from-secrets-manager";
  };

  @Test
  void withoutArnsTheConfiguredValuesAreUsedAndNothingIsRead() {
    PlaceConfig config = PlaceConfig.from(Map.of("PLACE_TOKEN_SECRET", "k", "PLACE_REDIS_AUTH_TOKEN", "t")::get);
    assertThat(SecretValues.tokenSecret(config, secretsManager)).isEqualTo("k");
    assertThat(SecretValues.redisAuthToken(config, secretsManager)).isEqualTo("t");
    assertThat(SecretValues.redisAuthToken(PlaceConfig.from(Map.<String, String>of()::get), secretsManager)).isEmpty();
    assertThat(read).isEmpty();
  }

  @Test
  void anArnWinsOverTheDefaultAndIsReadFromSecretsManager() {
    PlaceConfig config = PlaceConfig.from(Map.of("PLACE_TOKEN_SECRET_ARN", TOKEN_ARN, "PLACE_REDIS_AUTH_TOKEN_ARN", REDIS_ARN)::get);
    assertThat(SecretValues.tokenSecret(config, secretsManager)).isEqualTo("key-from-secrets-manager");
    assertThat(SecretValues.redisAuthToken(config, secretsManager)).isEqualTo("auth-from-secrets-manager");
    assertThat(read).containsExactly(TOKEN_ARN, REDIS_ARN);
  }

  @Test
  void anEmptySecretIsAConfigurationErrorNotAnEmptyKey() {
    PlaceConfig config = PlaceConfig.from(Map.of("PLACE_TOKEN_SECRET_ARN", TOKEN_ARN)::get);
    assertThatThrownBy(() -> SecretValues.tokenSecret(config, arn -> "")).isInstanceOf(ConfigException.class)
        .hasMessageContaining(TOKEN_ARN);
  }

  @Test
  void theClientGoesToTheRegionInTheArn() {
    assertThat(SecretValues.region(TOKEN_ARN)).isEqualTo("eu-west-1");
    assertThatThrownBy(() -> SecretValues.region("PlaceTokenSecret")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("not a Secrets Manager secret ARN");
    assertThatThrownBy(() -> SecretValues.region("arn:aws:s3:::bucket/key")).isInstanceOf(ConfigException.class);
  }
}
