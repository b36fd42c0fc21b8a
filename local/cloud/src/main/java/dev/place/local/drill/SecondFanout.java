package dev.place.local.drill;

import dev.place.local.LocalCloud;
import dev.place.shared.config.Environment;
import dev.place.shared.redis.BucketLeases;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A second fanout instance for the fanout-stall drill, in its own process (so that it can be
 * SIGSTOPped) on the drill cloud's engines: the fanout task's command ({@code FanoutMain}) with the
 * variables the local cloud gave its own fanout, API Gateway delivery only (the edge's port is the
 * cloud's). The two split the registry's buckets by their leases.
 */
final class SecondFanout implements AutoCloseable {

  /** The variables a fanout task reads (PlaceConfig); the edge and S3 ones stay with the cloud. */
  private static final List<String> VARIABLES = List.of("PLACE_CANVAS_HEIGHT", "PLACE_CANVAS_WIDTH",
      "PLACE_CONNECTIONS_ENDPOINT", "PLACE_COOLDOWN_SECONDS", "PLACE_FANOUT_CONCURRENCY", "PLACE_FANOUT_INTERVAL_MS",
      "PLACE_FANOUT_POST_TIMEOUT_MS", "PLACE_KAFKA_BOOTSTRAP", "PLACE_KAFKA_TOPIC", "PLACE_PRODUCE_TIMEOUT_MS",
      "PLACE_REDIS_TIMEOUT_MS", "PLACE_REDIS_URI", "PLACE_REGISTRY_BUCKETS", "PLACE_TILE_SIZE",
      "PLACE_CASSANDRA_CONTACT_POINTS", "PLACE_CASSANDRA_LOCAL_DC", "PLACE_CASSANDRA_KEYSPACE", "PLACE_TOKEN_SECRET",
      "AWS_REGION");

  private final Process process;
  private final String firstInstance;
  private final String redisUri;
  private final int buckets;

  private SecondFanout(Process process, String firstInstance, String redisUri, int buckets) {
    this.process = process;
    this.firstInstance = firstInstance;
    this.redisUri = redisUri;
    this.buckets = buckets;
  }

  static SecondFanout start(LocalCloud cloud, Path dataDir) throws Exception {
    String redisUri = cloud.config().redisUri().toString();
    int buckets = cloud.config().registryBuckets();
    // The cloud's own fanout took every bucket when it started; its holder name is the first instance.
    String first = holders(redisUri, buckets).values().stream().findFirst()
        .orElseThrow(() -> new IllegalStateException("the cloud's fanout holds no bucket"));
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // C1 only: the drill's machine is shared and busy; a JVM that compiles less starts sooner.
        "-Xms64m", "-Xmx384m", "-XX:TieredStopAtLevel=1", "-Daws.accessKeyId=local", "-Daws.secretAccessKey=local",
        "-Daws.region=" + cloud.config().awsRegion(), "-cp", System.getProperty("java.class.path"),
        "dev.place.fanout.FanoutMain");
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("PLACE_"));
    Map<String, String> variables = new HashMap<>();
    for (String name : VARIABLES) {
      String value = Environment.get(name);
      if (value != null) {
        variables.put(name, value);
      }
    }
    variables.put("PLACE_DELIVERY_MODES", "apigw");
    env.putAll(variables);
    File log = dataDir.resolve("second-fanout.log").toFile();
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
    return new SecondFanout(builder.start(), first, redisUri, buckets);
  }

  long pid() {
    return process.pid();
  }

  /**
   * Waits until each instance holds at least a third of the buckets. Generous: on a loaded machine
   * a fresh JVM takes a minute or more before its first rebalance.
   */
  void awaitHalfTheBuckets(LocalCloud cloud) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the second fanout exited with " + process.exitValue() + "; see its log");
      }
      Map<Integer, String> held = holders(redisUri, buckets);
      long mine = held.values().stream().filter(h -> !h.equals(firstInstance)).count();
      long theirs = held.values().stream().filter(h -> h.equals(firstInstance)).count();
      if (mine >= buckets / 3 && theirs >= buckets / 3) {
        return;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the two fanout instances did not split the buckets within 300 s");
  }

  /** How many of the observers' connections are in buckets this (second) instance holds now. */
  long connectionsHeld(List<String> connectionIds) {
    Map<Integer, String> held = holders(redisUri, buckets);
    long count = 0;
    for (String connectionId : connectionIds) {
      // ConnectionRegistry.bucketOf
      int bucket = Math.floorMod(connectionId.hashCode(), buckets);
      String holder = held.get(bucket);
      if (holder != null && !holder.equals(firstInstance)) {
        count++;
      }
    }
    return count;
  }

  /** bucket → the instance holding its lease. */
  static Map<Integer, String> holders(String redisUri, int buckets) {
    Map<Integer, String> out = new HashMap<>();
    RedisClient client = RedisClient.create(redisUri);
    try (StatefulRedisConnection<String, String> redis = client.connect()) {
      for (int b = 0; b < buckets; b++) {
        String value = redis.sync().get(BucketLeases.leaseKey(b));
        if (value != null && value.lastIndexOf(':') > 0) {
          out.put(b, value.substring(0, value.lastIndexOf(':')));
        }
      }
    } finally {
      client.shutdown();
    }
    return out;
  }

  @Override
  public void close() throws Exception {
    // A stopped process does not act on SIGTERM until continued.
    new ProcessBuilder("kill", "-CONT", String.valueOf(process.pid())).start().waitFor();
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
