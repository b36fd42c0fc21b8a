package dev.place.shared.config;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The secrets in the configuration: given directly (locally, or injected by ECS), or named by a
 * Secrets Manager ARN ({@code PLACE_TOKEN_SECRET_ARN}, {@code PLACE_REDIS_AUTH_TOKEN_ARN}) and read
 * at first use, once per execution environment. With ARNs, a function's configuration holds no
 * secret for {@code lambda:GetFunctionConfiguration} to show; only its role can read them.
 */
public final class SecretValues {

  private static final Map<String, String> READ = new ConcurrentHashMap<>();
  private static final Map<String, SecretsManagerClient> CLIENTS = new ConcurrentHashMap<>();

  private SecretValues() {}

  /** The key that signs session tokens. */
  public static String tokenSecret(PlaceConfig config) {
    return tokenSecret(config, SecretValues::read);
  }

  static String tokenSecret(PlaceConfig config, Function<String, String> reader) {
    return resolve(config.tokenSecretArn(), config.tokenSecret(), reader);
  }

  /** The Redis AUTH token to add to the URI's own, or empty for none. */
  public static String redisAuthToken(PlaceConfig config, Function<String, String> reader) {
    return resolve(config.redisAuthTokenArn(), config.redisAuthToken(), reader);
  }

  /** The secret named by {@code arn} if one is, else {@code value}. */
  static String resolve(String arn, String value, Function<String, String> reader) {
    if (arn == null || arn.isEmpty()) {
      return value;
    }
    String secret = reader.apply(arn);
    if (secret == null || secret.isEmpty()) {
      throw new ConfigException("the secret " + arn + " is empty");
    }
    return secret;
  }

  /** Reads a secret's string from Secrets Manager in the ARN's region, once per ARN in this JVM. */
  public static String read(String arn) {
    return READ.computeIfAbsent(arn, a -> CLIENTS
        .computeIfAbsent(region(a), r -> SecretsManagerClient.builder().region(Region.of(r))
            .httpClientBuilder(UrlConnectionHttpClient.builder()).build())
        .getSecretValue(b -> b.secretId(a)).secretString());
  }

  /** {@code arn:aws:secretsmanager:<region>:<account>:secret:<name>} to its region. */
  static String region(String arn) {
    String[] parts = arn.split(":", 6);
    if (parts.length < 6 || !parts[0].equals("arn") || !parts[2].equals("secretsmanager") || parts[3].isEmpty()) {
      throw new ConfigException("not a Secrets Manager secret ARN: " + arn);
    }
    return parts[3];
  }
}
