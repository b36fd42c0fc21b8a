package dev.place.local;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to run the local cloud. Ports of 0 mean "any free port" (tests); the command line defaults
 * are fixed, printed ports so that a browser and the {@code aws} CLI can find them.
 *
 * @param overrides configuration variables (PLACE_*) to set on top of the process environment
 */
public record LocalCloudSettings(
    Path dataDir,
    boolean wipe,
    int httpPort,
    int webSocketPort,
    int lambdaPort,
    int edgePort,
    int redisPort,
    int kafkaPort,
    int kafkaControllerPort,
    int cassandraPort,
    int cassandraStoragePort,
    Map<String, String> overrides) {

  public static final int DEFAULT_HTTP_PORT = 3000;
  public static final int DEFAULT_WEBSOCKET_PORT = 3001;
  public static final int DEFAULT_LAMBDA_PORT = 3002;
  public static final int DEFAULT_EDGE_PORT = 3003;
  public static final int DEFAULT_REDIS_PORT = 16379;
  public static final int DEFAULT_KAFKA_PORT = 19092;
  public static final int DEFAULT_KAFKA_CONTROLLER_PORT = 19093;
  public static final int DEFAULT_CASSANDRA_PORT = 19042;
  public static final int DEFAULT_CASSANDRA_STORAGE_PORT = 17000;

  /** The local OpenID Connect provider's port beside the HTTP API's (3004 by default). */
  public static final int OIDC_PORT_OFFSET = 4;

  /** The local OpenID Connect provider's port: next to the HTTP API's, or any free one when that is. */
  public int oidcPort() {
    return httpPort == 0 ? 0 : httpPort + OIDC_PORT_OFFSET;
  }

  /** The command line's defaults: fixed ports, data under {@code .place/} of the working directory. */
  public static LocalCloudSettings defaults() {
    return new LocalCloudSettings(Path.of(".place", "data"), false, DEFAULT_HTTP_PORT, DEFAULT_WEBSOCKET_PORT,
        DEFAULT_LAMBDA_PORT, DEFAULT_EDGE_PORT, DEFAULT_REDIS_PORT, DEFAULT_KAFKA_PORT, DEFAULT_KAFKA_CONTROLLER_PORT, DEFAULT_CASSANDRA_PORT,
        DEFAULT_CASSANDRA_STORAGE_PORT, Map.of());
  }

  /** Every port picked at random, for tests that share a machine with a running local cloud. */
  public static LocalCloudSettings ephemeral(Path dataDir, Map<String, String> overrides) {
    return new LocalCloudSettings(dataDir, true, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.copyOf(overrides));
  }
}
