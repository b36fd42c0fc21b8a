package dev.place.shared.config;

import java.net.URI;
import java.time.Duration;
import java.util.function.Function;

/**
 * The one configuration type of every handler, service and tool. Each setting is an environment
 * variable; the defaults are the local cloud's (see docs/operations.md for the full table).
 */
public record PlaceConfig(
    int canvasWidth,
    int canvasHeight,
    int tileSize,
    Duration cooldown,
    int ipLimitPerMinute,
    int globalLimitPerSecond,
    int maxMessageBytes,
    String tokenSecret,
    // Secrets Manager secret holding the token key; when set it wins over tokenSecret (SecretValues).
    String tokenSecretArn,
    Duration tokenTtl,
    URI redisUri,
    // The AUTH token, if not in the URI: given, or read from the secret named by the ARN (SecretValues).
    String redisAuthToken,
    String redisAuthTokenArn,
    boolean redisCluster,
    Duration redisTimeout,
    String kafkaBootstrap,
    String kafkaTopic,
    // The one-partition topic queueing rollbacks, reverts and undos for their worker (docs/moderation.md).
    String moderationTopic,
    boolean kafkaIamAuth,
    Duration produceTimeout,
    String cassandraContactPoints,
    String cassandraLocalDc,
    String cassandraKeyspace,
    boolean cassandraSigV4,
    URI connectionsEndpoint,
    String awsRegion,
    Duration fanoutInterval,
    int fanoutConcurrency,
    Duration fanoutPostTimeout,
    int registryBuckets,
    String snapshotBaseUrl,
    // S3 bucket the fanout service publishes snapshots to (behind PLACE_SNAPSHOT_BASE_URL); empty:
    // not published by the fanout (the local cloud publishes to a directory itself).
    String snapshotBucket,
    String snapshotPrefix,
    // "emf": the fanout writes CloudWatch embedded-metric lines on stdout (ECS); "none" locally.
    boolean fanoutEmfMetrics,
    Delivery delivery,
    Timelapse timelapse,
    Identity identity,
    AntiAbuse antiAbuse) {

  /**
   * Limits on what one connection or user can make the server do, beyond the cooldown
   * (docs/protocol.md, docs/moderation.md Anti-abuse).
   *
   * @param connectionMessageLimit messages (of any action) one connection may send per window; 0: no limit
   * @param connectionMessageWindow the window of that count
   * @param challengeEvery a user solves a proof-of-work challenge after every this many placements; 0: never
   * @param challengeBits the challenge's difficulty, leading zero bits of SHA-256 (about 2^bits hashes)
   * @param challengeTtl how long an issued challenge may be answered
   */
  public record AntiAbuse(int connectionMessageLimit, Duration connectionMessageWindow, int challengeEvery,
      int challengeBits, Duration challengeTtl) {

    public boolean challenges() {
      return challengeEvery > 0;
    }

    public boolean limitsConnectionMessages() {
      return connectionMessageLimit > 0;
    }
  }

  /**
   * How the fanout reaches clients (docs/architecture.md, Delivery): through API Gateway's
   * {@code @connections} API, by terminating client WebSockets itself (the edge), or both.
   *
   * @param edgeHost the address the edge listens on: loopback locally, every interface in a container
   * @param edgeUrl the edge's public {@code ws(s)://} URL, as clients reach it (behind the load
   *     balancer), advertised by {@code GET /api/v1/canvas/info}; empty where no edge runs
   * @param edgeAnswerThreads threads answering edge clients' requests; an answer mostly waits on Redis and
   *     Kafka round trips, so these bound the edge's placements in flight, not its CPU
   */
  public record Delivery(boolean apiGateway, boolean edge, String edgeHost, int edgePort, String edgeUrl,
      boolean edgeTrustForwardedFor, int edgeAnswerThreads) {}

  /**
   * Where timelapse jobs run (docs/history.md, Jobs): results and records in an S3 bucket (AWS) or
   * a directory (the local cloud); the dispatcher (the timelapse HTTP function) also needs the
   * worker function, and with a bucket the ECS task settings; the workers need only the store.
   */
  public record Timelapse(
      String bucket,
      String directory,
      String baseUrl,
      String lambdaEndpoint,
      String workerFunction,
      String cluster,
      String taskDefinition,
      String container,
      java.util.List<String> subnets,
      java.util.List<String> securityGroups,
      long lambdaMaxPixelFrames) {

    /** A store is configured: without one the timelapse routes answer 503. */
    public boolean configured() {
      return !bucket.isEmpty() || !directory.isEmpty();
    }
  }

  /**
   * Who may place (docs/protocol.md, Signing in; docs/deploy.md, Identity): accounts of one OpenID
   * Connect provider, and guests if the operator allows them.
   *
   * @param oidcIssuer the provider's issuer URL (the ID token's {@code iss}); empty: no sign-in, guests only
   * @param oidcClientId the app client the web client signs in with (the ID token's {@code aud})
   * @param oidcJwksUrl where the provider's signing keys are; empty: from the issuer's discovery document
   * @param oidcPublicIssuer the issuer URL as a browser reaches it, advertised by {@code GET /api/v1/canvas/info}
   *     (equal to the issuer except behind a proxy); the web client runs the authorization code flow against it
   * @param groupsClaim the ID token claim listing the user's groups ({@code cognito:groups} in Cognito)
   * @param moderatorGroups groups whose members get the moderator role
   * @param adminGroups groups whose members get the admin role
   * @param guests whether {@code POST /api/v1/session} without an ID token mints a guest
   * @param guestCooldown a guest's cooldown, at least the account cooldown
   * @param guestSessionsPerIpPerHour guest sessions one address may mint per hour
   * @param ticketTtl how long a connect ticket may wait for its WebSocket handshake
   */
  public record Identity(
      String oidcIssuer,
      String oidcClientId,
      String oidcJwksUrl,
      String oidcPublicIssuer,
      String groupsClaim,
      java.util.List<String> moderatorGroups,
      java.util.List<String> adminGroups,
      boolean guests,
      Duration guestCooldown,
      int guestSessionsPerIpPerHour,
      Duration ticketTtl) {

    /** An OpenID Connect provider is configured: accounts can sign in. */
    public boolean signInConfigured() {
      return !oidcIssuer.isEmpty();
    }
  }

  /** Signing secret used only when none is configured; the local cloud prints a warning for it. */
  public static final String LOCAL_TOKEN_SECRET = "local-development-secret-do-not-use-in-aws";

  public static PlaceConfig fromEnvironment() {
    return from(Environment::get);
  }

  public static PlaceConfig from(Function<String, String> variables) {
    Reader r = new Reader(variables);
    PlaceConfig config =
        new PlaceConfig(
            r.integer("PLACE_CANVAS_WIDTH", 2000, 1, 1 << 16),
            r.integer("PLACE_CANVAS_HEIGHT", 2000, 1, 1 << 16),
            r.integer("PLACE_TILE_SIZE", 256, 8, 4096),
            Duration.ofSeconds(r.integer("PLACE_COOLDOWN_SECONDS", 300, 0, 86_400)),
            r.integer("PLACE_IP_LIMIT_PER_MINUTE", 100, 1, Integer.MAX_VALUE),
            r.integer("PLACE_GLOBAL_LIMIT_PER_SECOND", 50_000, 1, Integer.MAX_VALUE),
            r.integer("PLACE_MAX_MESSAGE_BYTES", 1024, 64, 32 * 1024),
            r.string("PLACE_TOKEN_SECRET", LOCAL_TOKEN_SECRET),
            r.string("PLACE_TOKEN_SECRET_ARN", ""),
            Duration.ofSeconds(r.integer("PLACE_TOKEN_TTL_SECONDS", 86_400, 60, 31 * 86_400)),
            r.uri("PLACE_REDIS_URI", "redis://127.0.0.1:6379"),
            r.string("PLACE_REDIS_AUTH_TOKEN", ""),
            r.string("PLACE_REDIS_AUTH_TOKEN_ARN", ""),
            r.bool("PLACE_REDIS_CLUSTER", false),
            Duration.ofMillis(r.integer("PLACE_REDIS_TIMEOUT_MS", 2000, 10, 60_000)),
            r.string("PLACE_KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
            r.string("PLACE_KAFKA_TOPIC", "pixel-events"),
            r.string("PLACE_MODERATION_TOPIC", "moderation-actions"),
            r.choice("PLACE_KAFKA_AUTH", "none", "none", "iam").equals("iam"),
            Duration.ofMillis(r.integer("PLACE_PRODUCE_TIMEOUT_MS", 3000, 10, 60_000)),
            r.string("PLACE_CASSANDRA_CONTACT_POINTS", "127.0.0.1:9042"),
            r.string("PLACE_CASSANDRA_LOCAL_DC", "datacenter1"),
            r.string("PLACE_CASSANDRA_KEYSPACE", "place"),
            r.choice("PLACE_CASSANDRA_AUTH", "none", "none", "sigv4").equals("sigv4"),
            r.uri("PLACE_CONNECTIONS_ENDPOINT", "http://127.0.0.1:3001/local"),
            r.string("AWS_REGION", "us-east-1"),
            Duration.ofMillis(r.integer("PLACE_FANOUT_INTERVAL_MS", 100, 10, 10_000)),
            r.integer("PLACE_FANOUT_CONCURRENCY", 256, 1, 100_000),
            Duration.ofMillis(r.integer("PLACE_FANOUT_POST_TIMEOUT_MS", 2000, 50, 29_000)),
            r.integer("PLACE_REGISTRY_BUCKETS", 64, 1, 4096),
            r.string("PLACE_SNAPSHOT_BASE_URL", "http://127.0.0.1:3000/snapshots"),
            r.string("PLACE_SNAPSHOT_BUCKET", ""),
            r.string("PLACE_SNAPSHOT_PREFIX", "snapshots"),
            r.choice("PLACE_FANOUT_METRICS", "none", "none", "emf").equals("emf"),
            delivery(r),
            new Timelapse(
                r.string("PLACE_TIMELAPSE_BUCKET", ""),
                r.string("PLACE_TIMELAPSE_DIR", ""),
                r.string("PLACE_TIMELAPSE_BASE_URL", "http://127.0.0.1:3000/timelapse"),
                r.string("PLACE_LAMBDA_ENDPOINT", ""),
                r.string("PLACE_TIMELAPSE_WORKER_FUNCTION", ""),
                r.string("PLACE_TIMELAPSE_CLUSTER", ""),
                r.string("PLACE_TIMELAPSE_TASK_DEFINITION", ""),
                r.string("PLACE_TIMELAPSE_CONTAINER", "timelapse"),
                r.list("PLACE_TIMELAPSE_SUBNETS"),
                r.list("PLACE_TIMELAPSE_SECURITY_GROUPS"),
                r.integer("PLACE_TIMELAPSE_LAMBDA_MAX_MEGAPIXEL_FRAMES", 1500, 1, 1_000_000) * 1_000_000L),
            identity(r),
            new AntiAbuse(
                r.integer("PLACE_CONNECTION_MESSAGE_LIMIT", 120, 0, Integer.MAX_VALUE),
                Duration.ofSeconds(r.integer("PLACE_CONNECTION_MESSAGE_WINDOW_SECONDS", 10, 1, 3_600)),
                r.integer("PLACE_CHALLENGE_EVERY_PLACEMENTS", 0, 0, 1_000_000),
                r.integer("PLACE_CHALLENGE_BITS", 16, 1, 32),
                Duration.ofSeconds(r.integer("PLACE_CHALLENGE_TTL_SECONDS", 120, 10, 3_600))));
    if (config.tileSize % 2 != 0) {
      throw new ConfigException("PLACE_TILE_SIZE must be even (two 4-bit pixels per byte), got " + config.tileSize);
    }
    return config;
  }

  private static Delivery delivery(Reader r) {
    java.util.List<String> modes = r.list("PLACE_DELIVERY_MODES");
    for (String mode : modes) {
      if (!mode.equals("apigw") && !mode.equals("edge")) {
        throw new ConfigException("PLACE_DELIVERY_MODES must list apigw, edge or both, got '" + mode + "'");
      }
    }
    boolean apiGateway = modes.isEmpty() || modes.contains("apigw");
    int port = r.integer("PLACE_EDGE_PORT", 3003, 1, 65_535);
    return new Delivery(apiGateway, modes.contains("edge"), r.string("PLACE_EDGE_HOST", "127.0.0.1"), port,
        r.string("PLACE_EDGE_URL", ""),
        // Behind the load balancer every socket comes from its address; the client's is in X-Forwarded-For.
        r.bool("PLACE_EDGE_TRUST_FORWARDED_FOR", false),
        r.integer("PLACE_EDGE_ANSWER_THREADS", 64, 1, 1_024));
  }

  private static Identity identity(Reader r) {
    String issuer = r.string("PLACE_OIDC_ISSUER", "");
    String clientId = r.string("PLACE_OIDC_CLIENT_ID", "");
    if (!issuer.isEmpty() && clientId.isEmpty()) {
      throw new ConfigException("PLACE_OIDC_CLIENT_ID must be set with PLACE_OIDC_ISSUER (the ID token's audience)");
    }
    int cooldown = r.integer("PLACE_COOLDOWN_SECONDS", 300, 0, 86_400);
    // Locally guests cost what an account costs, so tools and tests need no sign-in; the stack sets more.
    int guestCooldown = r.integer("PLACE_GUEST_COOLDOWN_SECONDS", cooldown, 0, 86_400);
    if (guestCooldown < cooldown) {
      throw new ConfigException("PLACE_GUEST_COOLDOWN_SECONDS must be at least PLACE_COOLDOWN_SECONDS (" + cooldown
          + "), got " + guestCooldown);
    }
    return new Identity(issuer, clientId, r.string("PLACE_OIDC_JWKS_URL", ""),
        r.string("PLACE_OIDC_PUBLIC_ISSUER", issuer),
        r.string("PLACE_OIDC_GROUPS_CLAIM", "cognito:groups"),
        r.list("PLACE_OIDC_MODERATOR_GROUPS", "moderators"), r.list("PLACE_OIDC_ADMIN_GROUPS", "admins"),
        r.choice("PLACE_GUESTS", "allowed", "allowed", "off").equals("allowed"),
        Duration.ofSeconds(guestCooldown),
        r.integer("PLACE_GUEST_SESSIONS_PER_IP_PER_HOUR", 10_000, 1, Integer.MAX_VALUE),
        Duration.ofSeconds(r.integer("PLACE_CONNECT_TICKET_TTL_SECONDS", 30, 5, 300)));
  }

  /** Parses variables with clear errors; a blank value counts as unset. */
  private record Reader(Function<String, String> variables) {

    String string(String name, String fallback) {
      String value = variables.apply(name);
      return value == null || value.isBlank() ? fallback : value.trim();
    }

    int integer(String name, int fallback, int min, int max) {
      String value = string(name, null);
      if (value == null) {
        return fallback;
      }
      try {
        int parsed = Integer.parseInt(value);
        if (parsed < min || parsed > max) {
          throw new ConfigException(name + " must be between " + min + " and " + max + ", got " + value);
        }
        return parsed;
      } catch (NumberFormatException e) {
        throw new ConfigException(name + " must be a whole number, got '" + value + "'");
      }
    }

    /** A comma-separated list; blank items are dropped. */
    java.util.List<String> list(String name) {
      return list(name, "");
    }

    java.util.List<String> list(String name, String fallback) {
      return java.util.Arrays.stream(string(name, fallback).split(","))
          .map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    boolean bool(String name, boolean fallback) {
      return Boolean.parseBoolean(choice(name, Boolean.toString(fallback), "true", "false"));
    }

    String choice(String name, String fallback, String... allowed) {
      String value = string(name, fallback).toLowerCase(java.util.Locale.ROOT);
      for (String option : allowed) {
        if (option.equals(value)) {
          return value;
        }
      }
      throw new ConfigException(name + " must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
    }

    URI uri(String name, String fallback) {
      String value = string(name, fallback);
      try {
        return URI.create(value);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(name + " must be a URI, got '" + value + "'");
      }
    }
  }
}
