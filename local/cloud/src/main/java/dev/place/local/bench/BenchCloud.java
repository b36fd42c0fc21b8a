package dev.place.local.bench;

import dev.place.local.LocalCloud;
import dev.place.local.LocalCloudSettings;
import java.nio.file.Path;
import java.util.Map;

/**
 * The server side of the delivery benchmark in its own JVM (so its CPU and heap are measured apart
 * from the load client's): a fresh local cloud on fixed ports from {@code BASE_PORT} (all below
 * 32768, clear of the kernel's ephemeral range), with cooldown 0 and raised limits so a few
 * placer connections can place 1,000 pixels a second, and both delivery modes on.
 *
 * <p>{@code BenchCloud DATA_DIR BASE_PORT}; prints one {@code BENCH-READY} line, stops when stdin closes.
 */
public final class BenchCloud {

  private BenchCloud() {}

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]);
    int base = Integer.parseInt(args[1]);
    int edgePort = base + 3;
    Map<String, String> overrides = Map.of(
        "PLACE_COOLDOWN_SECONDS", "0",
        "PLACE_IP_LIMIT_PER_MINUTE", "100000000",
        "PLACE_GLOBAL_LIMIT_PER_SECOND", "1000000",
        // A placer connection sends far more than a person would: the per-connection limit would cut it off.
        "PLACE_CONNECTION_MESSAGE_LIMIT", "0",
        "PLACE_DELIVERY_MODES", "apigw,edge");
    LocalCloudSettings settings = new LocalCloudSettings(dataDir, true, base, base + 1, base + 2, edgePort, base + 10,
        base + 11, base + 12, base + 13, base + 14, overrides);
    try (LocalCloud cloud = LocalCloud.start(settings)) {
      // The engines too (as URIs, so the reader can tell endpoints from figures): the throughput
      // benchmark measures Redis's own ceilings and checks Redis, Kafka and Cassandra afterwards.
      System.out.println("BENCH-READY http=" + cloud.httpUrl() + " ws=" + cloud.webSocketUrl()
          + " edge=ws://127.0.0.1:" + edgePort + "/ interval=" + cloud.config().fanoutInterval().toMillis()
          + " redis=" + cloud.engines().redisUri() + " kafka=kafka://" + cloud.engines().kafkaBootstrap()
          + " cassandra=cql://" + cloud.config().cassandraContactPoints() + "/" + cloud.engines().cassandraLocalDatacenter()
          + " keyspace=cql://" + cloud.config().cassandraKeyspace() + "/");
      System.out.flush();
      while (System.in.read() >= 0) {
        // The benchmark owns this process: it ends when the benchmark closes our stdin (or dies).
      }
    }
    System.exit(0);
  }
}
