package dev.place.functions.rest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.datastax.oss.driver.api.core.CqlSession;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.delivery.FanoutStatus;
import dev.place.shared.history.CassandraSessions;
import dev.place.shared.kafka.KafkaSettings;
import dev.place.shared.redis.RedisConnector;
import dev.place.shared.redis.RedisFanoutStatusBoard;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;

/**
 * {@code GET /api/v1/health}: real round trips to Redis (PING), Kafka (describe the cluster) and
 * Cassandra (read {@code system.local}), the history (its tables answer reads, and the writer's
 * committed offsets are not stuck behind the log), the fanout (an instance reported lately, and none
 * lags: {@link FanoutStatus}), plus the number of registered connections. 200
 * with {@code "status":"ok"} when every probe answers, else 503 with {@code "status":"degraded"}
 * and each failing probe's error, so a load balancer and a person read the same answer.
 *
 * <p>Everything runs in parallel under one deadline ({@value #PROBE_TIMEOUT_MILLIS} ms): a stalled
 * Redis costs that once, so the answer comes within its 2.5 s budget whatever hangs.
 */
public final class HealthHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  static final long PROBE_TIMEOUT_MILLIS = 2_000;
  /** Unwritten events older than this mean the history writer is failing, not just busy. */
  static final long HISTORY_MAX_LAG_MILLIS = 30_000;
  static final java.util.List<String> HISTORY_TABLES =
      java.util.List.of("pixel_events_by_day_v2", "pixel_history", "user_placements", "tile_checkpoints");

  private final HealthCheck check;
  private final LongSupplier connections;
  private final ExecutorService executor;
  private final long timeoutMillis;

  public HealthHandler() {
    this(realProbes(RestDependencies.get()), () -> RestDependencies.get().registry().count(),
        Executors.newCachedThreadPool(r -> {
          Thread t = new Thread(r, "health-probe");
          t.setDaemon(true);
          return t;
        }), PROBE_TIMEOUT_MILLIS);
  }

  HealthHandler(Map<String, HealthProbe> probes, LongSupplier connections, ExecutorService executor, long timeoutMillis) {
    this.check = new HealthCheck(probes, executor, timeoutMillis);
    this.connections = connections;
    this.executor = executor;
    this.timeoutMillis = timeoutMillis;
  }

  private static Map<String, HealthProbe> realProbes(RestDependencies deps) {
    PlaceConfig config = deps.config();
    Map<String, HealthProbe> probes = new LinkedHashMap<>();
    probes.put("redis", () -> {
      RedisConnector redis = deps.redis();
      String pong = redis.sync().ping();
      if (!"PONG".equals(pong)) {
        throw new IllegalStateException("PING answered " + pong);
      }
    });
    Lazy<Admin> admin = new Lazy<>(() -> Admin.create(KafkaSettings.common(config)));
    probes.put("kafka", () -> {
      int nodes = admin.get().describeCluster().nodes().get(PROBE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).size();
      if (nodes == 0) {
        throw new IllegalStateException("no brokers");
      }
    });
    Lazy<CqlSession> cassandra = new Lazy<>(() -> CassandraSessions.openUnbound(config));
    probes.put("cassandra", () -> {
      if (cassandra.get().execute("SELECT release_version FROM system.local").one() == null) {
        throw new IllegalStateException("system.local is empty");
      }
    });
    probes.put("history", (HealthProbe.Reporting) () -> history(cassandra.get(), admin.get(), config));
    probes.put("fanout", (HealthProbe.Reporting) () ->
        fanout(new RedisFanoutStatusBoard(deps.redis()).fresh(System.currentTimeMillis())));
    return probes;
  }

  /**
   * The fanout instances that reported in the last seconds (each does every second): at least one,
   * none with updates waiting long for delivery or reading far behind the log.
   */
  static Map<String, Object> fanout(List<FanoutStatus> fresh) throws HealthProbe.Failed {
    long deliveryLag = 0;
    long consumerLag = 0;
    int connections = 0;
    for (FanoutStatus s : fresh) {
      deliveryLag = Math.max(deliveryLag, s.deliveryLagMillis());
      consumerLag = Math.max(consumerLag, s.consumerLagRecords());
      connections += s.connections();
    }
    Map<String, Object> details = Map.of("instances", fresh.size(), "deliveryLagMillis", deliveryLag,
        "consumerLagRecords", consumerLag, "connections", connections);
    String problem = FanoutStatus.problem(fresh);
    if (problem != null) {
      throw new HealthProbe.Failed(problem, details);
    }
    return details;
  }

  /**
   * The tables answer a read (a node that lost its schema answers "unconfigured table"), and the
   * writer's group has written every event older than {@link #HISTORY_MAX_LAG_MILLIS}.
   */
  static Map<String, Object> history(CqlSession cql, Admin admin, PlaceConfig config) throws Exception {
    for (String table : HISTORY_TABLES) {
      try {
        cql.execute(com.datastax.oss.driver.api.core.cql.SimpleStatement.newInstance(
            "SELECT * FROM " + config.cassandraKeyspace() + "." + table + " LIMIT 1")
            .setTimeout(java.time.Duration.ofMillis(PROBE_TIMEOUT_MILLIS)));
      } catch (com.datastax.oss.driver.api.core.servererrors.InvalidQueryException e) {
        throw new HealthProbe.Failed("history table " + config.cassandraKeyspace() + "." + table
            + " is unusable (" + e.getMessage() + "): the keyspace is broken; restart re-creates it,"
            + " then cli/place rebuild-history", Map.of());
      }
    }
    String topic = config.kafkaTopic();
    var partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames()
        .get(PROBE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).get(topic).partitions().stream()
        .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
    Map<org.apache.kafka.common.TopicPartition, Long> committed = new java.util.HashMap<>();
    admin.listConsumerGroupOffsets(KafkaSettings.HISTORY_CONSUMER_GROUP).partitionsToOffsetAndMetadata()
        .get(PROBE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .forEach((tp, o) -> {
          if (o != null && tp.topic().equals(topic)) {
            committed.put(tp, o.offset());
          }
        });
    long recent = System.currentTimeMillis() - HISTORY_MAX_LAG_MILLIS;
    HistoryLag lag = HistoryLag.of(committed,
        offsets(admin, partitions, org.apache.kafka.clients.admin.OffsetSpec.earliest()),
        offsets(admin, partitions, org.apache.kafka.clients.admin.OffsetSpec.latest()),
        offsets(admin, partitions, org.apache.kafka.clients.admin.OffsetSpec.forTimestamp(recent)));
    Map<String, Object> details = Map.of("lagRecords", lag.lagRecords(), "stalledPartitions", lag.stalledPartitions());
    if (lag.stalledPartitions() > 0) {
      throw new HealthProbe.Failed("history writer has left events older than " + HISTORY_MAX_LAG_MILLIS / 1000
          + " s unwritten on " + lag.stalledPartitions() + " partition(s): its writes are failing", details);
    }
    return details;
  }

  private static Map<org.apache.kafka.common.TopicPartition, Long> offsets(Admin admin,
      java.util.List<org.apache.kafka.common.TopicPartition> partitions, org.apache.kafka.clients.admin.OffsetSpec spec)
      throws Exception {
    Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> request = new LinkedHashMap<>();
    partitions.forEach(tp -> request.put(tp, spec));
    Map<org.apache.kafka.common.TopicPartition, Long> result = new java.util.HashMap<>();
    admin.listOffsets(request).all().get(PROBE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .forEach((tp, info) -> result.put(tp, info.offset()));
    return result;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    // Counted beside the probes, under the same deadline: it is a Redis call too.
    long begin = System.nanoTime();
    java.util.concurrent.CompletableFuture<Long> count =
        java.util.concurrent.CompletableFuture.supplyAsync(connections::getAsLong, executor);
    Map<String, HealthCheck.Result> results = check.run();
    boolean up = results.values().stream().allMatch(HealthCheck.Result::up);
    StringBuilder body = new StringBuilder("{\"status\":\"").append(up ? "ok" : "degraded").append('"');
    results.forEach((name, r) -> {
      body.append(",\"").append(name).append("\":{\"status\":\"").append(r.up() ? "up" : "down")
          .append("\",\"latencyMs\":").append(r.millis());
      if (r.error() != null) {
        body.append(",\"error\":\"").append(RestResponses.escape(r.error())).append('"');
      }
      r.details().forEach((k, v) -> body.append(",\"").append(RestResponses.escape(k)).append("\":")
          .append(v instanceof Number ? v.toString() : "\"" + RestResponses.escape(String.valueOf(v)) + "\""));
      body.append('}');
    });
    String counted;
    try {
      long left = TimeUnit.MILLISECONDS.toNanos(timeoutMillis) - (System.nanoTime() - begin);
      counted = Long.toString(count.get(Math.max(0, left), TimeUnit.NANOSECONDS));
    } catch (java.util.concurrent.TimeoutException e) {
      count.cancel(true);
      counted = "null";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      counted = "null";
    } catch (java.util.concurrent.ExecutionException e) {
      counted = "null";
    }
    body.append(",\"connections\":").append(counted).append('}');
    return RestResponses.json(up ? 200 : 503, body.toString(), "no-store");
  }

  /** A client created on first use and kept, so a cold start does not open what a probe never needs. */
  private static final class Lazy<T> {
    private final java.util.function.Supplier<T> factory;
    private T value;

    Lazy(java.util.function.Supplier<T> factory) {
      this.factory = factory;
    }

    synchronized T get() {
      if (value == null) {
        value = factory.get();
      }
      return value;
    }
  }
}
