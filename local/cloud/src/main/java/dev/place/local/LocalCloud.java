package dev.place.local;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.place.fanout.FanoutMain;
import dev.place.fanout.FanoutService;
import dev.place.fanout.edge.EdgeServer;
import dev.place.shared.redis.RedisConnector;
import dev.place.functions.ConnectHandler;
import dev.place.functions.DefaultHandler;
import dev.place.functions.DisconnectHandler;
import dev.place.functions.HistoryWriterHandler;
import dev.place.functions.PlaceHandler;
import dev.place.functions.Priming;
import dev.place.functions.SessionHandler;
import dev.place.functions.SignOutHandler;
import dev.place.functions.ConnectTicketHandler;
import dev.place.functions.AuditLogHandler;
import dev.place.functions.BansHandler;
import dev.place.functions.CanvasActionApplyHandler;
import dev.place.functions.CanvasModerationHandler;
import dev.place.functions.ProtectedAreasHandler;
import dev.place.local.oidc.LocalOidcProvider;
import dev.place.functions.history.CanvasAtHandler;
import dev.place.functions.history.PixelHistoryHandler;
import dev.place.functions.history.TimelapseHandler;
import dev.place.functions.history.UserPlacementsHandler;
import dev.place.functions.rest.CanvasInfoHandler;
import dev.place.functions.rest.CanvasRedirectHandler;
import dev.place.functions.rest.HealthHandler;
import dev.place.functions.timelapse.TimelapseWorkerHandler;
import dev.place.local.apigw.WebSocketApi;
import dev.place.local.engine.EngineSettings;
import dev.place.local.engine.Engines;
import dev.place.local.http.HttpApi;
import dev.place.local.lambda.LambdaFunction;
import dev.place.local.lambda.LambdaInvokeApi;
import dev.place.local.msk.KafkaEventSourceMapping;
import dev.place.shared.config.Environment;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.history.CassandraSessions;
import dev.place.shared.history.SchemaInstaller;
import dev.place.shared.kafka.KafkaSettings;
import dev.place.shared.kafka.TopicInstaller;
import dev.place.shared.timelapse.DirectoryJobStore;
import dev.place.shared.snapshot.SnapshotPaths;
import dev.place.shared.snapshot.SnapshotService;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system on one machine: real Redis, Kafka and Cassandra in their own processes, the
 * production handler classes behind the API Gateway and Lambda emulation, the fanout service and
 * the history writer's event source mapping. Only configuration differs from AWS.
 */
public final class LocalCloud implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalCloud.class);
  public static final String STAGE = "local";
  public static final String HISTORY_CONSUMER_GROUP = KafkaSettings.HISTORY_CONSUMER_GROUP;
  static final String MODERATION_CONSUMER_GROUP = KafkaSettings.MODERATION_CONSUMER_GROUP;
  public static final String TIMELAPSE_WORKER = "place-timelapse-worker";
  /**
   * Environments of the {@code place} function. A placement spends its time waiting on Redis and Kafka
   * round trips, not on CPU (JFR: docs/benchmarks.md, "Placement throughput"), so throughput is
   * environments / latency: 8 capped the whole path near 1,300/s on a quiet machine. 64 is the burst
   * an AWS account gets at once many times over, and costs a parked thread each here.
   */
  public static final int PLACE_CONCURRENCY = 64;

  private final Deque<AutoCloseable> running = new ArrayDeque<>();
  private final Map<String, Long> startupMillis = new LinkedHashMap<>();
  private Engines engines;
  private PlaceConfig config;
  private WebSocketApi webSocketApi;
  private HttpApi httpApi;
  private LambdaInvokeApi lambdaApi;
  private KafkaEventSourceMapping historyMapping;
  private Map<String, java.util.List<Long>> coldStartMillis = Map.of();

  /**
   * Harmless messages per route: they come from a connection that never registered, so {@code place}
   * answers UNAUTHORIZED after its parser and the registry lookup in Redis, and {@code ping} a pong.
   */
  static final Map<String, String> PRIMING_MESSAGES = Map.of(
      "place", "{\"action\":\"place\",\"x\":0,\"y\":0,\"color\":0}",
      "$default", "{\"action\":\"ping\"}");

  private LocalCloud() {}

  public static LocalCloud start(LocalCloudSettings settings) {
    LocalCloud cloud = new LocalCloud();
    try {
      cloud.startAll(settings);
      return cloud;
    } catch (RuntimeException | Error e) {
      cloud.close();
      throw e;
    }
  }

  private void startAll(LocalCloudSettings settings) {
    long begin = System.nanoTime();
    engines = Engines.start(engineSettings(settings));
    running.push(engines);
    mark("engines", begin);

    int webSocketPort = LoopbackPorts.resolve(settings.webSocketPort());
    int httpPort = LoopbackPorts.resolve(settings.httpPort());
    int lambdaPort = LoopbackPorts.resolve(settings.lambdaPort());
    int edgePort = LoopbackPorts.resolve(settings.edgePort());
    config = configure(settings, webSocketPort, httpPort, lambdaPort, edgePort);

    long schema = System.nanoTime();
    installSchema(config);
    mark("schema", schema);

    long apis = System.nanoTime();
    Path snapshotDir = settings.dataDir().resolve("snapshots");
    webSocketApi = WebSocketApi.builder()
        .port(webSocketPort)
        .stage(STAGE)
        .apiId("local")
        .region(config.awsRegion())
        .route("$connect", function("place-connect", ConnectHandler.class, 4))
        .route("$disconnect", function("place-disconnect", DisconnectHandler.class, 2))
        .twoWayRoute("place", function("place-place", PlaceHandler.class, PLACE_CONCURRENCY))
        .twoWayRoute("$default", function("place-default", DefaultHandler.class, 4))
        .start();
    running.push(webSocketApi);
    LambdaFunction timelapse = function("place-timelapse", TimelapseHandler.class, 2);
    // The moderator routes (docs/moderation.md): one function per resource, as in infra-cdk's Routes.
    LambdaFunction bans = function("place-mod-bans", BansHandler.class, 1);
    LambdaFunction areas = function("place-mod-protected-areas", ProtectedAreasHandler.class, 1);
    // Rollbacks, reverts, undo: the routes log and queue an action; place-mod-apply applies it.
    LambdaFunction canvasModeration = function("place-mod-canvas", CanvasModerationHandler.class, 2);
    httpApi = HttpApi.builder()
        .port(httpPort)
        .route("POST /api/v1/session", function("place-session", SessionHandler.class, 2))
        .route("DELETE /api/v1/session", function("place-sign-out", SignOutHandler.class, 1)) // issue 15
        .route("POST /api/v1/connect-ticket", function("place-connect-ticket", ConnectTicketHandler.class, 2)) // issue 15
        .route("GET /api/v1/pixel", function("place-pixel-history", PixelHistoryHandler.class, 2))
        .route("GET /api/v1/user/{userId}/placements", function("place-user-placements", UserPlacementsHandler.class, 2))
        .route("GET /api/v1/history/canvas.png", function("place-canvas-at", CanvasAtHandler.class, 2))
        .route("POST /api/v1/timelapse", timelapse)
        .route("GET /api/v1/timelapse/{id}", timelapse)
        .route("POST /api/v1/mod/bans", bans)
        .route("GET /api/v1/mod/bans/{userId}", bans)
        .route("DELETE /api/v1/mod/bans/{userId}", bans)
        .route("POST /api/v1/mod/protected-areas", areas)
        .route("GET /api/v1/mod/protected-areas", areas)
        .route("DELETE /api/v1/mod/protected-areas/{id}", areas)
        .route("GET /api/v1/mod/audit", function("place-mod-audit", AuditLogHandler.class, 1))
        .route("POST /api/v1/mod/previews", canvasModeration)
        .route("POST /api/v1/mod/rollbacks", canvasModeration)
        .route("POST /api/v1/mod/reverts", canvasModeration)
        .route("POST /api/v1/mod/actions/{id}/undo", canvasModeration)
        .route("GET /api/v1/mod/actions/{id}", canvasModeration)
        .route("GET /api/v1/mod/actions", canvasModeration)
        .staticFiles("/timelapse", settings.dataDir().resolve("timelapse"), "public, max-age=31536000, immutable")
        .route("GET /api/v1/canvas", function("place-canvas", CanvasRedirectHandler.class, 2))
        .route("GET /api/v1/canvas/info", function("place-canvas-info", CanvasInfoHandler.class, 2))
        .route("GET /api/v1/health", function("place-health", HealthHandler.class, 1))
        // The CDN's paths and caching: tile versions never change, the index is re-read every second.
        .staticFiles("/snapshots/" + SnapshotPaths.TILES, snapshotDir.resolve(SnapshotPaths.TILES),
            "public, max-age=31536000, immutable")
        .staticFiles("/snapshots", snapshotDir, "public, max-age=1")
        .staticFiles("/", WebRoot.locate(), "no-cache")
        .start();
    running.push(httpApi);
    mark("apis", apis);

    long services = System.nanoTime();
    FanoutService fanout = new FanoutService(config, FanoutMain.connectionsClient(config));
    if (config.delivery().edge()) {
      RedisConnector edgeRedis = new RedisConnector(config);
      running.push(edgeRedis);
      EdgeServer edge = FanoutMain.edge(config, edgeRedis);
      running.push(edge);
      edge.start();
      running.push(FanoutMain.endSignedOutSessions(edge, edgeRedis));
      fanout.addSink(edge);
    }
    running.push(fanout);
    fanout.start();
    SnapshotService snapshots = SnapshotServices.local(config, snapshotDir);
    running.push(snapshots);
    snapshots.start();
    KafkaEventSourceMapping.Settings history = KafkaEventSourceMapping.Settings.HISTORY_WRITER;
    historyMapping = new KafkaEventSourceMapping(config.kafkaBootstrap(), config.kafkaTopic(), HISTORY_CONSUMER_GROUP,
        function("place-history-writer", HistoryWriterHandler.class, history.concurrency()), history);
    running.push(historyMapping);
    historyMapping.start();
    // The moderation queue's worker: one partition, so one invocation at a time, for up to 15 minutes.
    LambdaFunction applier = LambdaFunction.builder("place-mod-apply").handler(CanvasActionApplyHandler.class)
        .maxConcurrency(1).timeout(Duration.ofMinutes(15)).build();
    running.push(applier);
    KafkaEventSourceMapping moderationMapping = new KafkaEventSourceMapping(config.kafkaBootstrap(), config.moderationTopic(),
        MODERATION_CONSUMER_GROUP, applier, KafkaEventSourceMapping.Settings.MODERATION_WORKER);
    running.push(moderationMapping);
    moderationMapping.start();
    // The timelapse worker behind the Lambda Invoke API, which the dispatcher (the timelapse route)
    // calls through the AWS SDK as in AWS; results and records in <data>/timelapse(-jobs).
    int marked = DirectoryJobStore.under(settings.dataDir(), config.timelapse().baseUrl())
        .failUnfinished("interrupted by a restart of the local cloud; request the same timelapse again to restart it",
            System.currentTimeMillis());
    if (marked > 0) {
      LOG.info("{} timelapse job(s) interrupted by the last stop are marked FAILED", marked);
    }
    LambdaFunction worker = LambdaFunction.builder(TIMELAPSE_WORKER).handler(TimelapseWorkerHandler.class)
        .maxConcurrency(1).timeout(Duration.ofMinutes(15)).build();
    running.push(worker);
    lambdaApi = LambdaInvokeApi.builder().port(lambdaPort).function(worker, 0).start();
    running.push(lambdaApi);
    mark("services", services);

    // The first placement after a start would otherwise pay every handler's cold start (init, class
    // loading, the first Redis connection) on its way: warm every environment now, as provisioned
    // concurrency does in AWS, with events that change nothing (docs/operations.md, "Cold starts").
    long priming = System.nanoTime();
    // -Dplace.local.prime=false leaves them cold, to measure what priming saves.
    if (Boolean.parseBoolean(System.getProperty("place.local.prime", "true"))) {
      coldStartMillis = webSocketApi.prime(PRIMING_MESSAGES);
      Priming.warmEventPublisher();
    }
    mark("priming", priming);
    LOG.info("Execution environments primed in {} ms: {}", startupMillis.get("priming"), coldStartMillis);
    mark("total", begin);
  }

  /**
   * The engines' settings. A wipe also deletes the timelapse results and job records: they were
   * rendered from the history being wiped, and a result's name depends only on the request, so an
   * old video would be served for the same request on the new canvas. (Snapshots are cleared at every start.)
   */
  static EngineSettings engineSettings(LocalCloudSettings settings) {
    return EngineSettings.builder()
        .dataDir(settings.dataDir())
        .wipe(settings.wipe())
        .wipeAlso(DirectoryJobStore.RESULTS, DirectoryJobStore.RECORDS)
        .redisPort(settings.redisPort())
        .kafkaPort(settings.kafkaPort())
        .kafkaControllerPort(settings.kafkaControllerPort())
        .cassandraPort(settings.cassandraPort())
        .cassandraStoragePort(settings.cassandraStoragePort())
        .startTimeout(java.time.Duration.ofSeconds(Long.getLong(ENGINE_START_SECONDS, 120)))
        .build();
  }

  /**
   * System property: seconds the engines may take to start (default 120). Benchmarks raise it: on a
   * 2-core machine shared with other builds Cassandra alone has needed more than two minutes.
   */
  public static final String ENGINE_START_SECONDS = "place.local.engineStartSeconds";

  /**
   * The variables a deployment would set on the functions and the fanout task, pointed at the
   * local engines; anything the user set in the environment (PLACE_*) wins over the defaults.
   */
  private PlaceConfig configure(LocalCloudSettings settings, int webSocketPort, int httpPort, int lambdaPort, int edgePort) {
    Map<String, String> variables = new HashMap<>();
    System.getenv().forEach((k, v) -> {
      if (k.startsWith("PLACE_")) {
        variables.put(k, v);
      }
    });
    InetSocketAddress cassandra = engines.cassandraContactPoint();
    variables.put("PLACE_REDIS_URI", engines.redisUri());
    variables.put("PLACE_KAFKA_BOOTSTRAP", engines.kafkaBootstrap());
    variables.put("PLACE_CASSANDRA_CONTACT_POINTS", cassandra.getHostString() + ":" + cassandra.getPort());
    variables.put("PLACE_CASSANDRA_LOCAL_DC", engines.cassandraLocalDatacenter());
    variables.put("PLACE_CONNECTIONS_ENDPOINT", "http://127.0.0.1:" + webSocketPort + "/" + STAGE);
    // Both delivery modes: API Gateway's @connections, and the edge's own sockets.
    variables.putIfAbsent("PLACE_DELIVERY_MODES", "apigw,edge");
    variables.put("PLACE_EDGE_PORT", Integer.toString(edgePort));
    variables.putIfAbsent("PLACE_SNAPSHOT_BASE_URL", "http://127.0.0.1:" + httpPort + "/snapshots");
    // Timelapse jobs: the store is the data directory (S3 in AWS), the worker a function behind the
    // emulated Lambda API (a Lambda and an ECS task in AWS).
    variables.put("PLACE_TIMELAPSE_DIR", settings.dataDir().toAbsolutePath().toString());
    variables.putIfAbsent("PLACE_TIMELAPSE_BASE_URL", "http://127.0.0.1:" + httpPort + "/timelapse");
    variables.put("PLACE_TIMELAPSE_WORKER_FUNCTION", TIMELAPSE_WORKER);
    variables.put("PLACE_LAMBDA_ENDPOINT", "http://127.0.0.1:" + lambdaPort);
    variables.putIfAbsent("AWS_REGION", "us-east-1");
    // --- Sign-in (issue 15): a local OpenID Connect provider, verified by the same code as Cognito ---
    LocalOidcProvider oidc = LocalOidcProvider.start(LoopbackPorts.resolve(settings.oidcPort()));
    running.push(oidc);
    variables.putIfAbsent("PLACE_OIDC_ISSUER", oidc.issuer());
    variables.putIfAbsent("PLACE_OIDC_CLIENT_ID", LocalOidcProvider.CLIENT_ID);
    variables.putIfAbsent("PLACE_OIDC_GROUPS_CLAIM", LocalOidcProvider.GROUPS_CLAIM);
    // --- end of sign-in ---
    variables.putAll(settings.overrides());
    if (variables.get("PLACE_DELIVERY_MODES").contains("edge")) {
      variables.putIfAbsent("PLACE_EDGE_URL", "ws://127.0.0.1:" + edgePort);
    }
    Environment.install(variables);
    // The AWS SDK's default credential chain reads these; the emulator requires a signature but
    // does not verify it, exactly like any SigV4 client needs credentials to sign.
    System.setProperty("aws.accessKeyId", "local");
    System.setProperty("aws.secretAccessKey", "local");
    System.setProperty("aws.region", variables.get("AWS_REGION"));
    return PlaceConfig.fromEnvironment();
  }

  private static void installSchema(PlaceConfig config) {
    try (Admin admin = Admin.create(KafkaSettings.common(config))) {
      TopicInstaller.ensure(admin, config.kafkaTopic(), (short) 1);
      TopicInstaller.ensure(admin, config.moderationTopic(), TopicInstaller.MODERATION_DEFINITION, (short) 1);
    }
    try (CqlSession session = CassandraSessions.openUnbound(config)) {
      SchemaInstaller.installLocal(session, config.cassandraKeyspace());
    }
  }

  private LambdaFunction function(String name, Class<?> handler, int concurrency) {
    LambdaFunction function = LambdaFunction.builder(name).handler(handler).maxConcurrency(concurrency).build();
    running.push(function);
    return function;
  }

  private void mark(String phase, long startNanos) {
    startupMillis.put(phase, (System.nanoTime() - startNanos) / 1_000_000);
  }

  public PlaceConfig config() {
    return config;
  }

  public Engines engines() {
    return engines;
  }

  /** The edge's WebSocket URL (docs/protocol.md: the same protocol as {@link #webSocketUrl()}). */
  public URI edgeUrl() {
    return URI.create(config.delivery().edgeUrl());
  }

  public URI webSocketUrl() {
    return webSocketApi.websocketUrl();
  }

  public URI connectionsEndpoint() {
    return webSocketApi.connectionsEndpoint();
  }

  public URI lambdaEndpoint() {
    return lambdaApi.endpoint();
  }

  public URI httpUrl() {
    return URI.create("http://127.0.0.1:" + httpApi.port());
  }

  public KafkaEventSourceMapping historyMapping() {
    return historyMapping;
  }

  /** Per WebSocket route, the priming (cold start) milliseconds of each execution environment. */
  public Map<String, java.util.List<Long>> coldStartMillis() {
    return coldStartMillis;
  }

  /** Milliseconds per start-up phase (engines, schema, apis, services, priming, total). */
  public Map<String, Long> startupMillis() {
    return Map.copyOf(startupMillis);
  }

  /** Stops everything in reverse start order; every part is stopped even if another fails. */
  @Override
  public void close() {
    while (!running.isEmpty()) {
      AutoCloseable part = running.pop();
      try {
        part.close();
      } catch (Exception e) {
        LOG.warn("stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
      }
    }
    Environment.install(Map.of());
  }
}
