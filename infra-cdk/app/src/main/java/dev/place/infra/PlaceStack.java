package dev.place.infra;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.eventsources.ManagedKafkaEventSource;
import software.constructs.Construct;

/**
 * The whole deployment, one construct per concern. Order follows the dependencies: network and
 * data stores, the APIs (their URLs are configuration), the functions on the routing table
 * ({@link Routes}) with the timelapse worker and tasks the dispatcher starts, the fanout service,
 * monitoring; {@link NagSuppressionsCatalog} last.
 */
public final class PlaceStack extends Stack {

  /**
   * 1 500 frames of 1 000 x 1 000: well within the worker Lambda's 15 minutes and 3 GB (600 such
   * frames of a 10 M-event history encode in about 32 s on 2 cores, docs/benchmarks.md).
   */
  static final int TIMELAPSE_LAMBDA_MAX_MEGAPIXEL_FRAMES = 1500;

  private final List<String> zones;
  private final WebSocketFront webSocket;
  private final HttpFront http;
  private final StaticSite site;
  private SignInPool signIn;

  public PlaceStack(Construct scope, String id, StackProps props, StackSettings settings, RepoLayout layout) {
    super(scope, id, props);
    zones = settings.availabilityZones();
    Network network = new Network(this, "Network", settings);
    Secrets secrets = new Secrets(this, "Secrets");
    RedisCluster redis = new RedisCluster(this, "Redis", network, secrets, settings);
    EventLog events = new EventLog(this, "Events", network);
    site = new StaticSite(this, "Site");
    webSocket = new WebSocketFront(this, "WebSocket", 5_000, 2_500);
    http = new HttpFront(this, "Http", 1_000, 500);

    Map<String, String> env = environment(settings, secrets, redis, events);
    // Sign-in (issue 15): accounts from the Cognito user pool, guests as the operator allows.
    signIn = new SignInPool(this, "SignIn", SignInPool.Settings.fromContext(getNode(), settings.cooldownSeconds()), site.url());
    env.putAll(signIn.environment());
    Permissions permissions = new Permissions(events, site.bucket(), secrets);
    Functions functions = new Functions(this, "Functions", layout, network, env, permissions);
    permissions.history(new HistoryKeyspace(this, "History", layout.historySchema(), functions));
    TopicResource topic = new TopicResource(this, "Topic", functions, events, layout.topicDefinition(),
        layout.moderationTopicDefinition());

    List<Alias> all = new ArrayList<>();
    Alias timelapseWorker = functions.asyncWorker(Routes.TIMELAPSE_WORKER, Size.mebibytes(4096), Duration.hours(1));
    all.add(timelapseWorker);
    TimelapseTasks timelapseTasks = new TimelapseTasks(this, "TimelapseTasks", layout, network, env);
    Routes.TIMELAPSE_WORKER.access().forEach(a -> permissions.grant(timelapseTasks.taskDefinition().getTaskRole(), a));

    Alias place = null;
    for (Routes.WebSocketRoute route : Routes.WEBSOCKET) {
      boolean isPlace = route.routeKey().equals(Routes.PLACE_ROUTE);
      Alias fn = functions.handler(route.function(), isPlace ? settings.placeReservedConcurrency() : null);
      webSocket.route(route.routeKey(), fn, route.twoWay());
      all.add(fn);
      place = isPlace ? fn : place;
    }
    Map<String, Alias> byId = new HashMap<>();
    for (Routes.HttpRoute route : Routes.HTTP) {
      Alias fn = byId.computeIfAbsent(route.function().id(), k -> {
        boolean dispatcher = route.function().equals(Routes.TIMELAPSE);
        Alias created = dispatcher
            ? functions.handler(route.function(), null, timelapseDispatch(network, timelapseWorker, timelapseTasks))
            : functions.handler(route.function(), null);
        if (dispatcher) {
          permissions.dispatchTimelapse(created, timelapseWorker, timelapseTasks);
        }
        if (route.function().access().contains(Access.CLOSE_CONNECTIONS)) {
          webSocket.grantCloseConnections(created); // sign-out and bans close the user's open connections
        }
        all.add(created);
        return created;
      });
      http.route(route.method(), route.path(), route.function().id() + route.method(), fn);
    }
    Alias historyWriter = historyWriter(functions, permissions, events);
    // The event source mapping and the fanout's partition assignment need the topic to exist.
    historyWriter.getNode().addDependency(topic);
    all.add(historyWriter);
    Alias moderationWorker = moderationWorker(functions, permissions, events);
    moderationWorker.getNode().addDependency(topic);
    all.add(moderationWorker);

    FanoutService fanout = new FanoutService(this, "Fanout", layout, network, env, secrets, settings);
    fanout.getNode().addDependency(topic);
    permissions.produce(fanout.service().getTaskDefinition().getTaskRole()); // the journal relay re-publishes
    permissions.consumeWithoutGroup(fanout.service().getTaskDefinition().getTaskRole());
    webSocket.grantManageConnections(fanout.service().getTaskDefinition().getTaskRole());
    permissions.grant(fanout.service().getTaskDefinition().getTaskRole(), Access.SNAPSHOTS_WRITE);

    EdgeFront.Settings edge = EdgeFront.Settings.fromContext(getNode());
    if (edge.enabled()) {
      EdgeFront front = new EdgeFront(this, "Edge", edge, layout, network, env, secrets);
      front.getNode().addDependency(topic);
      var role = front.service().getTaskDefinition().getTaskRole();
      permissions.produce(role); // placements from edge clients are published by the edge itself
      permissions.consumeWithoutGroup(role);
    }

    new Monitoring(this, "Monitoring", place, historyWriter, all, settings);
    outputs(timelapseTasks);
    NagSuppressionsCatalog.apply(this);
  }

  /**
   * The zones come from settings: the default implementation would look them up in the account,
   * which needs credentials at synth time (and fails `cdk synth` offline).
   */
  @Override
  public List<String> getAvailabilityZones() {
    return zones;
  }

  /** The history writer: batches from the MSK event source mapping, consumer group of its own. */
  private static Alias historyWriter(Functions functions, Permissions permissions, EventLog events) {
    Alias fn = functions.handler(Routes.HISTORY_WRITER, null);
    permissions.eventSourceMapping(fn);
    fn.addEventSource(ManagedKafkaEventSource.Builder.create()
        .clusterArn(events.clusterArn())
        .topic(EventLog.TOPIC)
        .consumerGroupId(EventLog.HISTORY_GROUP)
        .startingPosition(StartingPosition.TRIM_HORIZON)
        // 1,000-record batches: the writer's cost is per request, not per row (unlogged batches of
        // 30 rows, docs/benchmarks.md History ingest); ~150 KB per invocation, far under 6 MB.
        // Concurrency needs no setting: Lambda runs up to one invocation per topic partition.
        .batchSize(1000)
        .maxBatchingWindow(Duration.seconds(1))
        .build());
    return fn;
  }

  /**
   * The moderation worker: the moderation topic's one partition, so one invocation at a time, in
   * the order actions were accepted; a failed batch is delivered again (docs/moderation.md).
   */
  private static Alias moderationWorker(Functions functions, Permissions permissions, EventLog events) {
    Alias fn = functions.queueWorker(Routes.MOD_APPLY);
    permissions.moderationEventSourceMapping(fn);
    fn.addEventSource(ManagedKafkaEventSource.Builder.create()
        .clusterArn(events.clusterArn())
        .topic(EventLog.MODERATION_TOPIC)
        .consumerGroupId(EventLog.MODERATION_GROUP)
        .startingPosition(StartingPosition.TRIM_HORIZON)
        .batchSize(10)
        .maxBatchingWindow(Duration.seconds(1))
        .build());
    return fn;
  }

  /**
   * The timelapse dispatcher's own configuration: where to start jobs. Only on that function,
   * since the worker and the task definition are built from the shared map themselves.
   */
  private static Map<String, String> timelapseDispatch(Network network, Alias worker, TimelapseTasks tasks) {
    Map<String, String> env = new HashMap<>();
    env.put("PLACE_TIMELAPSE_WORKER_FUNCTION", worker.getFunctionArn());
    env.put("PLACE_TIMELAPSE_CLUSTER", tasks.cluster().getClusterArn());
    env.put("PLACE_TIMELAPSE_TASK_DEFINITION", tasks.taskDefinition().getTaskDefinitionArn());
    env.put("PLACE_TIMELAPSE_CONTAINER", TimelapseTasks.CONTAINER);
    env.put("PLACE_TIMELAPSE_SUBNETS", Fn.join(",", network.vpc().selectSubnets(network.privateSubnets()).getSubnetIds()));
    env.put("PLACE_TIMELAPSE_SECURITY_GROUPS", network.timelapse().getSecurityGroupId());
    return env;
  }

  /** The configuration every handler and the fanout service read (docs/operations.md). */
  private Map<String, String> environment(StackSettings settings, Secrets secrets, RedisCluster redis, EventLog events) {
    Map<String, String> env = new HashMap<>();
    env.put("PLACE_CANVAS_WIDTH", Integer.toString(settings.canvasWidth()));
    env.put("PLACE_CANVAS_HEIGHT", Integer.toString(settings.canvasHeight()));
    env.put("PLACE_COOLDOWN_SECONDS", Integer.toString(settings.cooldownSeconds()));
    env.put("PLACE_FANOUT_INTERVAL_MS", Integer.toString(settings.fanoutIntervalMs()));
    // Secrets by ARN, read by the handlers at first use (SecretValues): the functions' visible
    // configuration holds no secret. ECS injects the values into the fanout task instead.
    env.put("PLACE_TOKEN_SECRET_ARN", secrets.tokenSecret().getSecretArn());
    env.put("PLACE_REDIS_URI", redis.uri());
    env.put("PLACE_REDIS_AUTH_TOKEN_ARN", secrets.redisAuth().getSecretArn());
    env.put("PLACE_REDIS_CLUSTER", "true");
    env.put("PLACE_KAFKA_BOOTSTRAP", events.bootstrapServers());
    env.put("PLACE_KAFKA_TOPIC", EventLog.TOPIC);
    env.put("PLACE_MODERATION_TOPIC", EventLog.MODERATION_TOPIC);
    env.put("PLACE_KAFKA_AUTH", "iam");
    // Keyspaces: the regional endpoint on 9142 (TLS), reached through the VPC endpoint's private
    // DNS; the driver's local datacenter is the region's name.
    env.put("PLACE_CASSANDRA_CONTACT_POINTS", "cassandra." + Aws.REGION + "." + Aws.URL_SUFFIX + ":9142");
    env.put("PLACE_CASSANDRA_LOCAL_DC", Aws.REGION);
    env.put("PLACE_CASSANDRA_KEYSPACE", HistoryKeyspace.KEYSPACE);
    env.put("PLACE_CASSANDRA_AUTH", "sigv4");
    env.put("PLACE_CONNECTIONS_ENDPOINT", webSocket.callbackUrl());
    env.put("PLACE_SNAPSHOT_BASE_URL", site.snapshotBaseUrl());
    // The fanout tasks publish snapshots there (one at a time, under a Redis lease).
    env.put("PLACE_SNAPSHOT_BUCKET", site.bucket().getBucketName());
    env.put("PLACE_SNAPSHOT_PREFIX", StaticSite.SNAPSHOT_PREFIX);
    // Timelapse results (timelapse/<id>.mp4|gif, served by CloudFront) and job statuses
    // (timelapse-jobs/<id>.json, not served) in the content bucket; jobs up to this many
    // frames x width x height / 10^6 render in the worker Lambda, larger ones as an ECS task.
    env.put("PLACE_TIMELAPSE_BUCKET", site.bucket().getBucketName());
    env.put("PLACE_TIMELAPSE_BASE_URL", site.timelapseBaseUrl());
    env.put("PLACE_TIMELAPSE_LAMBDA_MAX_MEGAPIXEL_FRAMES", Integer.toString(TIMELAPSE_LAMBDA_MAX_MEGAPIXEL_FRAMES));
    return env;
  }

  private void outputs(TimelapseTasks timelapseTasks) {
    CfnOutput.Builder.create(this, "WebSocketUrl").value(webSocket.url()).description("clients connect here (?ticket= from POST /api/v1/connect-ticket)").build();
    CfnOutput.Builder.create(this, "HttpApiUrl").value(http.url()).description("POST /api/v1/session and the REST API").build();
    CfnOutput.Builder.create(this, "SiteUrl").value(site.url()).description("web client and snapshots (CloudFront)").build();
    CfnOutput.Builder.create(this, "ContentBucket").value(site.bucket().getBucketName()).description("upload the web client here").build();
    CfnOutput.Builder.create(this, "UserPoolId").value(signIn.pool().getUserPoolId())
        .description("sign-in accounts; add Google/SAML/OIDC providers here, then list them in place:signInProviders").build();
    CfnOutput.Builder.create(this, "SignInClientId").value(signIn.clientId())
        .description("the web client's app client (authorization code + PKCE, no secret)").build();
    CfnOutput.Builder.create(this, "SignInIssuer").value(signIn.issuer()).description("ID token issuer (PLACE_OIDC_ISSUER)").build();
    CfnOutput.Builder.create(this, "HostedUiUrl").value(signIn.hostedUiUrl())
        .description("the hosted sign-in pages; external providers redirect back to <this>/oauth2/idpresponse").build();
    CfnOutput.Builder.create(this, "TimelapseCluster").value(timelapseTasks.cluster().getClusterName())
        .description("large timelapse jobs run here as one-off tasks").build();
  }
}
