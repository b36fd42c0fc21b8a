package dev.place.functions.rest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.datastax.oss.driver.api.core.CqlSession;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.history.CassandraSessions;
import dev.place.shared.kafka.KafkaSettings;
import dev.place.shared.redis.RedisConnector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;

/**
 * {@code GET /api/v1/health}: real round trips to Redis (PING), Kafka (describe the cluster) and
 * Cassandra (read {@code system.local}), plus the number of registered connections. 200 with
 * {@code "status":"ok"} when every probe answers, else 503 with {@code "status":"degraded"} and
 * each failing probe's error, so a load balancer and a person read the same answer.
 */
public final class HealthHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  private static final long PROBE_TIMEOUT_MILLIS = 2_000;

  private final HealthCheck check;
  private final LongSupplier connections;

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
    return probes;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    Map<String, HealthCheck.Result> results = check.run();
    boolean up = results.values().stream().allMatch(HealthCheck.Result::up);
    StringBuilder body = new StringBuilder("{\"status\":\"").append(up ? "ok" : "degraded").append('"');
    results.forEach((name, r) -> {
      body.append(",\"").append(name).append("\":{\"status\":\"").append(r.up() ? "up" : "down")
          .append("\",\"latencyMs\":").append(r.millis());
      if (r.error() != null) {
        body.append(",\"error\":\"").append(RestResponses.escape(r.error())).append('"');
      }
      body.append('}');
    });
    String count;
    try {
      count = Long.toString(connections.getAsLong());
    } catch (RuntimeException e) {
      count = "null";
    }
    body.append(",\"connections\":").append(count).append('}');
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
