package dev.place.infra;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.constructs.Construct;

/** The two generated secrets: the session-token HMAC key and the Redis AUTH token. */
public final class Secrets extends Construct {

  private final Secret tokenSecret;
  private final Secret redisAuth;

  public Secrets(Construct scope, String id) {
    super(scope, id);
    tokenSecret = generated("TokenSecret", "HMAC key that signs session tokens (PLACE_TOKEN_SECRET_ARN)");
    redisAuth = generated("RedisAuth", "ElastiCache AUTH token (PLACE_REDIS_AUTH_TOKEN_ARN)");
  }

  private Secret generated(String id, String description) {
    return Secret.Builder.create(this, id)
        .description("place: " + description)
        // Letters and digits only: the Redis token goes into a URI, and ElastiCache rejects some punctuation.
        .generateSecretString(SecretStringGenerator.builder().passwordLength(64).excludePunctuation(true).build())
        .removalPolicy(RemovalPolicy.DESTROY)
        .build();
  }

  public Secret tokenSecret() {
    return tokenSecret;
  }

  public Secret redisAuth() {
    return redisAuth;
  }
}
