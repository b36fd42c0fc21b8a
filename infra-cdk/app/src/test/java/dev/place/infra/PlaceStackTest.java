package dev.place.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.place.shared.snapshot.SnapshotPaths;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** CDK assertions on the synthesized template: every resource of the design and its security properties. */
class PlaceStackTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Template t = StackFixture.template();

  private Map<String, Map<String, Object>> resources(String type) {
    return t.findResources(type);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> props(Map<String, Object> resource) {
    return (Map<String, Object>) resource.get("Properties");
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void synthesisNeedsNoContextLookups() {
    // A lookup would need AWS credentials at synth time: offline `cdk synth` must not depend on any.
    var app = (software.amazon.awscdk.App) StackFixture.stack().getNode().getRoot();
    var missing = app.synth().getManifest().getMissing();
    assertThat(missing == null ? List.of() : missing).isEmpty();
  }

  @Test
  void networkHasPrivateSubnetsOneNatAndEndpointsForAwsTraffic() {
    t.resourceCountIs("AWS::EC2::VPC", 1);
    t.resourceCountIs("AWS::EC2::NatGateway", StackFixture.SETTINGS.natGateways());
    t.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of("VpcEndpointType", "Gateway"));
    String endpoints = json(resources("AWS::EC2::VPCEndpoint"));
    for (String service : List.of("ecr.api", "ecr.dkr", "logs", "secretsmanager", "cassandra", "sts", "lambda", "s3")) {
      assertThat(endpoints).as(service).contains("." + service);
    }
    t.hasResourceProperties("AWS::EC2::FlowLog", Map.of("TrafficType", "ALL"));
    t.hasResourceProperties("AWS::EC2::Subnet", Map.of("MapPublicIpOnLaunch", false));
  }

  @Test
  void redisIsAClusterModeReplicationGroupWithTlsAtRestEncryptionAndAuth() {
    t.hasResourceProperties("AWS::ElastiCache::ReplicationGroup", Map.of(
        "ClusterMode", "enabled",
        "NumNodeGroups", StackFixture.SETTINGS.redisShards(),
        "TransitEncryptionEnabled", true,
        "TransitEncryptionMode", "required",
        "AtRestEncryptionEnabled", true,
        "AuthToken", Match.anyValue(),
        "AutomaticFailoverEnabled", true,
        "MultiAZEnabled", true));
  }

  @Test
  void eventLogIsMskServerlessWithIamAuthAndTheTopicFromTheSharedDefinition() {
    t.hasResourceProperties("AWS::MSK::ServerlessCluster", Map.of(
        "ClientAuthentication", Map.of("Sasl", Map.of("Iam", Map.of("Enabled", true)))));
    t.hasResourceProperties("Custom::PlaceKafkaTopic", Map.of(
        "Topic", "pixel-events", "Definition", RepoLayout.find().topicDefinition()));
    t.hasResourceProperties("AWS::Lambda::Function", Map.of(
        "Handler", "dev.place.infra.deploy.TopicResourceHandler::handleRequest", "VpcConfig", Match.anyValue()));
  }

  @Test
  void keyspacesTablesComeFromTheSharedCqlFile() {
    t.hasResourceProperties("AWS::Cassandra::Keyspace", Map.of("KeyspaceName", "place"));
    t.hasResourceProperties("Custom::PlaceHistoryTables", Map.of(
        "Keyspace", "place", "Definition", RepoLayout.find().historySchema()));
    t.hasResourceProperties("AWS::Lambda::Function", Map.of(
        "Handler", "dev.place.infra.deploy.SchemaResourceHandler::handleRequest"));
  }

  @Test
  void everyRoutedFunctionIsJavaWithSnapStartJsonLogsAnAliasAndVpc() {
    List<FunctionSpec> specs = allSpecs();
    for (FunctionSpec spec : specs) {
      t.hasResourceProperties("AWS::Lambda::Function", Map.of(
          "Handler", spec.handler(),
          "Runtime", "java21",
          "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
          "LoggingConfig", Match.objectLike(Map.of("LogFormat", "JSON")),
          "VpcConfig", Match.anyValue(),
          "MemorySize", spec.memoryMb()));
    }
    // Plus the timelapse worker's alias (no SnapStart: timelapseWorkerIsAnAsyncFunctionThatNeverRetries).
    t.resourceCountIs("AWS::Lambda::Alias", specs.size() + 1);
    t.allResourcesProperties("AWS::Lambda::Alias", Map.of("Name", "live"));
  }

  @Test
  void onlyPlaceHasReservedConcurrencySizedBySettings() {
    t.hasResourceProperties("AWS::Lambda::Function", Map.of(
        "Handler", "dev.place.functions.PlaceHandler::handleRequest",
        "ReservedConcurrentExecutions", StackFixture.SETTINGS.placeReservedConcurrency()));
    long reserved = resources("AWS::Lambda::Function").values().stream()
        .filter(r -> props(r).containsKey("ReservedConcurrentExecutions")).count();
    assertThat(reserved).isEqualTo(1);
  }

  @Test
  void historyWriterIsFedByAnMskEventSourceMappingOnItsAlias() {
    t.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
        "Topics", List.of("pixel-events"),
        "StartingPosition", "TRIM_HORIZON",
        "AmazonManagedKafkaEventSourceConfig", Map.of("ConsumerGroupId", "place-history-writer")));
    // The mapping invokes the alias (function name + ":live"), so SnapStart's published version runs.
    assertThat(json(resources("AWS::Lambda::EventSourceMapping"))).contains("FunctionsHistoryWriter").contains(":live");
  }

  @Test
  void webSocketApiHasEveryRouteTwoWayResponsesThrottlingAndAccessLogs() {
    t.hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of(
        "ProtocolType", "WEBSOCKET", "RouteSelectionExpression", "$request.body.action"));
    for (Routes.WebSocketRoute route : Routes.WEBSOCKET) {
      t.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", route.routeKey()));
    }
    long twoWay = Routes.WEBSOCKET.stream().filter(Routes.WebSocketRoute::twoWay).count();
    assertThat(twoWay).isEqualTo(2);
    t.resourceCountIs("AWS::ApiGatewayV2::RouteResponse", (int) twoWay);
    t.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of(
        "StageName", "live",
        "DefaultRouteSettings", Match.objectLike(Map.of("ThrottlingRateLimit", Match.anyValue(), "ThrottlingBurstLimit", Match.anyValue())),
        "AccessLogSettings", Match.objectLike(Map.of("DestinationArn", Match.anyValue()))));
  }

  @Test
  void httpApiRoutesEveryTableEntryWithThrottling() {
    t.hasResourceProperties("AWS::ApiGatewayV2::Api", Map.of("ProtocolType", "HTTP"));
    for (Routes.HttpRoute route : Routes.HTTP) {
      t.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", route.method() + " " + route.path()));
    }
    t.hasResourceProperties("AWS::ApiGatewayV2::Stage", Map.of(
        "StageName", "$default",
        "DefaultRouteSettings", Match.objectLike(Map.of("ThrottlingRateLimit", Match.anyValue())),
        "AccessLogSettings", Match.objectLike(Map.of("DestinationArn", Match.anyValue()))));
  }

  @Test
  void fanoutRunsOnFargateFromTheImageAssetPrivatelyWithTheSecretInjected() {
    t.hasResourceProperties("AWS::ECS::Service", Map.of(
        "LaunchType", "FARGATE",
        "NetworkConfiguration", Map.of("AwsvpcConfiguration", Match.objectLike(Map.of("AssignPublicIp", "DISABLED")))));
    String task = json(resources("AWS::ECS::TaskDefinition"));
    assertThat(task).contains("container-assets");
    t.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions", List.of(Match.objectLike(Map.of(
        // ECS injects the Redis AUTH token; the fanout needs neither the ARNs nor the token key.
        "Secrets", List.of(Map.of("Name", "PLACE_REDIS_AUTH_TOKEN", "ValueFrom", Match.objectLike(Map.of("Ref", Match.stringLikeRegexp("SecretsRedisAuth.*"))))),
        "Environment", Match.not(Match.arrayWith(List.of(Match.objectLike(Map.of("Name", Match.stringLikeRegexp("PLACE_(TOKEN_SECRET|REDIS_AUTH_TOKEN).*")))))),
        "ReadonlyRootFilesystem", true,
        "MountPoints", List.of(Map.of("ContainerPath", "/tmp", "SourceVolume", "tmp", "ReadOnly", false)))))));
    t.hasResourceProperties("AWS::ECS::Cluster", Map.of("ClusterSettings", List.of(Map.of("Name", "containerInsights", "Value", "enabled"))));
  }

  @Test
  void fanoutPublishesTheMetricsItScalesAndAlarmsOnAsEmbeddedMetricLogLines() {
    t.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions", List.of(Match.objectLike(Map.of(
        "Environment", Match.arrayWith(List.of(Map.of("Name", "PLACE_FANOUT_METRICS", "Value", "emf"))))))));
  }

  @Test
  void fanoutScalesOnCpuAndOnConsumerLag() {
    t.hasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", Map.of(
        "MinCapacity", StackFixture.SETTINGS.fanoutMinTasks(), "MaxCapacity", StackFixture.SETTINGS.fanoutMaxTasks()));
    t.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Map.of(
        "PolicyType", "TargetTrackingScaling",
        "TargetTrackingScalingPolicyConfiguration", Match.objectLike(Map.of(
            "PredefinedMetricSpecification", Map.of("PredefinedMetricType", "ECSServiceAverageCPUUtilization")))));
    t.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
        "Namespace", FanoutService.NAMESPACE, "MetricName", FanoutService.LAG_METRIC,
        "AlarmActions", List.of(Map.of("Ref", Match.stringLikeRegexp("FanoutServiceTaskCountTargetLag.*")))));
  }

  @Test
  void manageConnectionsIsGrantedOnThisApisStageOnlyToTheFanoutTaskAndClosingOnlyToSignOutAndBans() {
    Map<String, String> methodsByHolder = new java.util.TreeMap<>();
    for (var entry : resources("AWS::IAM::Policy").entrySet()) {
      for (Map<String, Object> statement : statements(props(entry.getValue()))) {
        if (actions(statement).contains("execute-api:ManageConnections")) {
          assertThat(actions(statement)).containsExactly("execute-api:ManageConnections");
          Object resource = statement.get("Resource");
          List<?> resources = resource instanceof List<?> list ? list : List.of(resource);
          List<String> methods = new ArrayList<>();
          for (Object r : resources) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile(".*/live/(POST|GET|DELETE)/@connections/\\*.*").matcher(json(r));
            assertThat(json(r)).contains("{\"Ref\":\"WebSocketApi");
            assertThat(m.matches()).as(json(r)).isTrue();
            methods.add(m.group(1));
          }
          methodsByHolder.put(entry.getKey().replaceAll("[0-9A-F]{8}$", ""), String.join(",", methods));
        }
      }
    }
    assertThat(methodsByHolder).hasSize(3);
    assertThat(methodsByHolder.entrySet()).anySatisfy(e -> {
      assertThat(e.getKey()).startsWith("FanoutTaskTaskRole");
      assertThat(e.getValue()).isEqualTo("POST,GET,DELETE");
    }).anySatisfy(e -> {
      assertThat(e.getKey()).startsWith("FunctionsSignOut");
      assertThat(e.getValue()).isEqualTo("DELETE");
    }).anySatisfy(e -> {
      assertThat(e.getKey()).startsWith("FunctionsModBans");
      assertThat(e.getValue()).isEqualTo("DELETE");
    });
  }

  @Test
  void noIamStatementOfTheStackUsesAWildcardAction() {
    List<Map<String, Object>> all = new ArrayList<>();
    resources("AWS::IAM::Policy").values().forEach(p -> all.addAll(statements(props(p))));
    resources("AWS::IAM::Role").values().forEach(r -> {
      Object inline = props(r).get("Policies");
      if (inline instanceof List<?> list) {
        list.forEach(p -> all.addAll(statements(castMap(p))));
      }
    });
    assertThat(all).hasSizeGreaterThan(20);
    assertThat(all).allSatisfy(s -> assertThat(actions(s)).allSatisfy(a -> assertThat(a).doesNotContain("*")));
  }

  @Test
  void fanoutTaskPublishesSnapshotsUnderTheSnapshotPrefixOnly() {
    String policies = json(resources("AWS::IAM::Policy"));
    assertThat(policies).contains("\"Action\":\"s3:PutObject\"").contains("/snapshots/*");
    String task = json(resources("AWS::ECS::TaskDefinition"));
    assertThat(task).contains("PLACE_SNAPSHOT_BUCKET").contains("\"PLACE_SNAPSHOT_PREFIX\",\"Value\":\"snapshots\"");
  }

  @Test
  void bucketsAreEncryptedPrivateAndTlsOnly() {
    var buckets = resources("AWS::S3::Bucket");
    assertThat(buckets).hasSize(2);
    t.allResourcesProperties("AWS::S3::Bucket", Map.of(
        "BucketEncryption", Match.anyValue(),
        "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
            "IgnorePublicAcls", true, "RestrictPublicBuckets", true)));
    String policies = json(resources("AWS::S3::BucketPolicy"));
    assertThat(policies).contains("\"aws:SecureTransport\":\"false\"");
    assertThat(resources("AWS::S3::BucketPolicy")).hasSize(2);
  }

  @Test
  void cloudFrontUsesOriginAccessControlAndCachesImmutableLongAndTheIndexOneSecond() {
    t.resourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
    t.hasResourceProperties("AWS::CloudFront::Distribution", Map.of("DistributionConfig", Match.objectLike(Map.of(
        "Origins", List.of(Match.objectLike(Map.of("OriginAccessControlId", Match.anyValue()))),
        "CacheBehaviors", List.of(
            Match.objectLike(Map.of("PathPattern", StaticSite.SNAPSHOT_PREFIX + "/" + SnapshotPaths.INDEX, "ViewerProtocolPolicy", "redirect-to-https")),
            Match.objectLike(Map.of("PathPattern", "snapshots/*", "ViewerProtocolPolicy", "redirect-to-https")),
            Match.objectLike(Map.of("PathPattern", "timelapse/*", "ViewerProtocolPolicy", "redirect-to-https")),
            Match.objectLike(Map.of("PathPattern", "timelapse-jobs/*", "ViewerProtocolPolicy", "redirect-to-https"))),
        "DefaultCacheBehavior", Match.objectLike(Map.of("ViewerProtocolPolicy", "redirect-to-https")),
        "Logging", Match.anyValue()))));
    t.hasResourceProperties("AWS::CloudFront::CachePolicy", Map.of("CachePolicyConfig", Match.objectLike(Map.of(
        "DefaultTTL", 1, "MaxTTL", 1))));
    t.hasResourceProperties("AWS::CloudFront::CachePolicy", Map.of("CachePolicyConfig", Match.objectLike(Map.of(
        "DefaultTTL", 365 * 86400, "MinTTL", 365 * 86400))));
  }

  @Test
  void secretsAreGeneratedAndHandlersGetProductionConfiguration() {
    t.resourceCountIs("AWS::SecretsManager::Secret", 2);
    t.allResourcesProperties("AWS::SecretsManager::Secret", Map.of("GenerateSecretString", Match.objectLike(Map.of("PasswordLength", 64))));
    String place = json(t.findResources("AWS::Lambda::Function", Map.of("Properties", Map.of("Handler", "dev.place.functions.PlaceHandler::handleRequest"))));
    assertThat(place)
        .contains("\"PLACE_KAFKA_AUTH\":\"iam\"", "\"PLACE_CASSANDRA_AUTH\":\"sigv4\"", "\"PLACE_REDIS_CLUSTER\":\"true\"",
            "rediss://", "\"PLACE_COOLDOWN_SECONDS\":\"300\"", "\"PLACE_CANVAS_WIDTH\":\"2000\"",
            "\"PLACE_FANOUT_INTERVAL_MS\":\"100\"", ":9142");
  }

  @Test
  void noFunctionOrTaskConfigurationHoldsASecretOnlyArnsTheHandlersMayRead() {
    // A dynamic reference in an environment would be resolved at deploy time and shown by
    // lambda:GetFunctionConfiguration / ecs:DescribeTaskDefinition.
    assertThat(json(resources("AWS::Lambda::Function"))).doesNotContain("resolve:secretsmanager").doesNotContain("rediss://:");
    assertThat(json(resources("AWS::ECS::TaskDefinition"))).doesNotContain("resolve:secretsmanager");
    for (FunctionSpec spec : allSpecs()) {
      Map<String, Object> env = environment(function(spec.handler()));
      assertThat(json(env.get("PLACE_TOKEN_SECRET_ARN"))).as(spec.id()).contains("SecretsTokenSecret");
      assertThat(json(env.get("PLACE_REDIS_AUTH_TOKEN_ARN"))).as(spec.id()).contains("SecretsRedisAuth");
      assertThat(env).as(spec.id()).doesNotContainKeys("PLACE_TOKEN_SECRET", "PLACE_REDIS_AUTH_TOKEN");
      List<Map<String, Object>> reads = withAction(roleStatements(spec.handler()), "secretsmanager:GetSecretValue");
      assertThat(json(reads)).as(spec.id()).contains("SecretsTokenSecret").contains("SecretsRedisAuth");
    }
  }

  @Test
  void alarmsCoverPlaceErrorsLatencyLagPostToConnectionRatesAndThrottles() {
    String alarms = json(resources("AWS::CloudWatch::Alarm"));
    assertThat(alarms).contains("place handler errors", "place p99 duration", "fanout is more than", "history writer more than",
        "answered 429", "answered 410", "Lambda throttled");
    long throttleAlarms = resources("AWS::CloudWatch::Alarm").values().stream()
        .filter(a -> "Throttles".equals(props(a).get("MetricName"))).count();
    assertThat(throttleAlarms).isEqualTo(allSpecs().size() + 1); // and the timelapse worker
    t.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
  }

  @Test
  void logGroupsExpireAndGoWithTheStack() {
    t.allResources("AWS::Logs::LogGroup", Map.of("DeletionPolicy", "Delete", "Properties", Map.of("RetentionInDays", 30)));
  }

  // --- timelapse: dispatcher (HTTP function), worker (async Lambda), large jobs (ECS task) ---

  private static final String DISPATCHER = "dev.place.functions.history.TimelapseHandler::handleRequest";
  private static final String WORKER = "dev.place.functions.timelapse.TimelapseWorkerHandler::handleRequest";

  private Map<String, Object> function(String handler) {
    var found = t.findResources("AWS::Lambda::Function", Map.of("Properties", Map.of("Handler", handler)));
    assertThat(found).as(handler).hasSize(1);
    return props(found.values().iterator().next());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> environment(Map<String, Object> functionProps) {
    return (Map<String, Object>) ((Map<String, Object>) functionProps.get("Environment")).get("Variables");
  }

  /** Every statement of the policies attached to the role of the function with this handler. */
  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> roleStatements(String handler) {
    Object role = function(handler).get("Role"); // {"Fn::GetAtt": [roleId, "Arn"]}
    String roleId = ((List<Object>) ((Map<String, Object>) role).get("Fn::GetAtt")).get(0).toString();
    List<Map<String, Object>> all = new ArrayList<>();
    resources("AWS::IAM::Policy").values().stream()
        .filter(p -> ((List<Object>) props(p).get("Roles")).contains(Map.of("Ref", roleId)))
        .forEach(p -> all.addAll(statements(props(p))));
    assertThat(all).as("policies of " + roleId).isNotEmpty();
    return all;
  }

  private static List<Map<String, Object>> withAction(List<Map<String, Object>> statements, String action) {
    return statements.stream().filter(s -> actions(s).contains(action)).toList();
  }

  @Test
  void timelapseWorkerIsAnAsyncFunctionThatNeverRetries() {
    t.hasResourceProperties("AWS::Lambda::Function", Map.of(
        "Handler", WORKER,
        "Runtime", "java21",
        "MemorySize", 3008,
        "Timeout", 900,
        "EphemeralStorage", Map.of("Size", 4096),
        "LoggingConfig", Match.objectLike(Map.of("LogFormat", "JSON")),
        "VpcConfig", Match.anyValue(),
        "SnapStart", Match.absent()));
    // Retries off (a dead job is noticed by its stale status), on the alias the dispatcher invokes.
    t.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of(
        "MaximumRetryAttempts", 0, "MaximumEventAgeInSeconds", 3600,
        "FunctionName", Map.of("Ref", Match.stringLikeRegexp("FunctionsTimelapseWorker[A-Z0-9]+")),
        "Qualifier", Match.anyValue()));
    // The qualifier is taken from the alias's ARN (its last segment, "live").
    assertThat(json(resources("AWS::Lambda::EventInvokeConfig"))).contains("{\"Ref\":\"FunctionsTimelapseWorkerLive");
    // Not behind a route: no API Gateway integration names it.
    assertThat(json(resources("AWS::ApiGatewayV2::Integration"))).doesNotContain("FunctionsTimelapseWorker");
    // The shared timelapse configuration, but not the dispatcher's own (which names the worker).
    Map<String, Object> env = environment(function(WORKER));
    assertThat(env).containsKeys("PLACE_TIMELAPSE_BUCKET", "PLACE_TIMELAPSE_BASE_URL", "PLACE_CASSANDRA_AUTH")
        .containsEntry("PLACE_TIMELAPSE_LAMBDA_MAX_MEGAPIXEL_FRAMES", "1500")
        .doesNotContainKeys("PLACE_TIMELAPSE_WORKER_FUNCTION", "PLACE_TIMELAPSE_TASK_DEFINITION");
    assertThat(json(env.get("PLACE_TIMELAPSE_BASE_URL"))).contains("https://").contains("/timelapse");
  }

  @Test
  void timelapseWorkerReadsHistoryAndWritesResultsAndStatuses() {
    List<Map<String, Object>> statements = roleStatements(WORKER);
    assertThat(withAction(statements, "cassandra:Select")).isNotEmpty();
    assertThat(json(withAction(statements, "s3:PutObject"))).contains("/timelapse/*").contains("/timelapse-jobs/*");
    assertThat(json(withAction(statements, "s3:GetObject"))).contains("/timelapse/*").contains("/timelapse-jobs/*");
    assertThat(withAction(statements, "s3:ListBucket")).singleElement().satisfies(this::listsTheContentBucketOnly);
    assertThat(withAction(statements, "cassandra:Modify")).isEmpty();
    assertThat(withAction(statements, "secretsmanager:GetSecretValue")).isEmpty(); // it reads neither Redis nor tokens
  }

  @Test
  void theHealthRouteMayReadTheHistoryWritersCommittedOffsetsForItsLag() {
    List<Map<String, Object>> statements = roleStatements("dev.place.functions.rest.HealthHandler::handleRequest");
    assertThat(withAction(statements, "kafka-cluster:DescribeGroup")).singleElement().satisfies(statement -> {
      assertThat(actions(statement)).containsExactly("kafka-cluster:DescribeGroup");
      assertThat(json(statement.get("Resource"))).contains(":group/").contains(EventLog.HISTORY_GROUP);
    });
    assertThat(withAction(statements, "kafka-cluster:AlterGroup")).as("it only reads them").isEmpty();
  }

  @Test
  void theModeratorRoutesShareOneFunctionPerResourceAndEveryOneIsRouted() {
    for (String handler : List.of("BansHandler", "ProtectedAreasHandler", "AuditLogHandler", "CanvasModerationHandler")) {
      long functions = resources("AWS::Lambda::Function").values().stream()
          .filter(r -> String.valueOf(props(r).get("Handler")).equals("dev.place.functions." + handler + "::handleRequest")).count();
      assertThat(functions).as(handler).isEqualTo(1);
    }
    for (String route : List.of("POST /api/v1/mod/bans", "GET /api/v1/mod/bans/{userId}", "DELETE /api/v1/mod/bans/{userId}",
        "POST /api/v1/mod/protected-areas", "GET /api/v1/mod/protected-areas", "DELETE /api/v1/mod/protected-areas/{id}",
        "GET /api/v1/mod/audit", "POST /api/v1/mod/previews", "POST /api/v1/mod/rollbacks", "POST /api/v1/mod/reverts",
        "POST /api/v1/mod/actions/{id}/undo", "GET /api/v1/mod/actions/{id}", "GET /api/v1/mod/actions")) {
      t.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", route));
    }
  }

  @Test
  void theModerationWorkerIsFedByTheOnePartitionModerationTopicAndMayRunFifteenMinutes() {
    t.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
        "Topics", List.of(EventLog.MODERATION_TOPIC),
        "StartingPosition", "TRIM_HORIZON",
        "AmazonManagedKafkaEventSourceConfig", Map.of("ConsumerGroupId", EventLog.MODERATION_GROUP)));
    assertThat(resources("AWS::Lambda::EventSourceMapping").values()).filteredOn(r -> json(r).contains(EventLog.MODERATION_TOPIC))
        .singleElement().satisfies(r -> assertThat(json(r)).contains("FunctionsModApply").contains(":live"));
    t.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", Routes.MOD_APPLY.handler(), "Timeout", 900));
    // The worker and the routes must agree on the topic: both read it from the shared configuration.
    assertThat(environment(function(Routes.MOD_APPLY.handler()))).containsEntry("PLACE_MODERATION_TOPIC", EventLog.MODERATION_TOPIC);
    assertThat(environment(function("dev.place.functions.CanvasModerationHandler::handleRequest")))
        .containsEntry("PLACE_MODERATION_TOPIC", EventLog.MODERATION_TOPIC);
    String definition = RepoLayout.find().moderationTopicDefinition();
    assertThat(definition).containsPattern("(?m)^partitions=1$");
    t.hasResourceProperties("Custom::PlaceKafkaTopic", Map.of("ModerationTopic", EventLog.MODERATION_TOPIC,
        "ModerationDefinition", definition));
  }

  @Test
  void theModeratorCanvasRoutesQueueActionsButOnlyTheWorkerWritesPixelEvents() {
    List<Map<String, Object>> routes = roleStatements("dev.place.functions.CanvasModerationHandler::handleRequest");
    assertThat(withAction(routes, "kafka-cluster:WriteData")).singleElement()
        .satisfies(s -> assertThat(json(s.get("Resource"))).contains("/" + EventLog.MODERATION_TOPIC).doesNotContain("/" + EventLog.TOPIC));
    assertThat(withAction(routes, "kafka-cluster:ReadData")).isEmpty();
    List<Map<String, Object>> worker = roleStatements(Routes.MOD_APPLY.handler());
    assertThat(json(withAction(worker, "kafka-cluster:WriteData"))).contains("/" + EventLog.TOPIC).doesNotContain(EventLog.MODERATION_TOPIC);
    assertThat(json(withAction(worker, "kafka-cluster:ReadData"))).contains(EventLog.MODERATION_TOPIC);
    assertThat(json(withAction(worker, "kafka-cluster:AlterGroup"))).contains(EventLog.MODERATION_GROUP)
        .doesNotContain(EventLog.HISTORY_GROUP);
    assertThat(json(withAction(worker, "cassandra:Modify"))).contains("/table/" + HistoryKeyspace.AUDIT_TABLE)
        .doesNotContain("pixel_history");
    long writersOfTheQueue = resources("AWS::IAM::Policy").values().stream().flatMap(p -> statements(props(p)).stream())
        .filter(st -> actions(st).contains("kafka-cluster:WriteData") && json(st.get("Resource")).contains(EventLog.MODERATION_TOPIC))
        .count();
    assertThat(writersOfTheQueue).as("only the canvas moderation routes queue actions").isEqualTo(1);
  }

  @Test
  void onlyTheModeratorFunctionsTouchTheAuditLogTableTheWritersOnlyModifyItAndTheReaderOnlySelects() {
    String auditTable = "/table/" + HistoryKeyspace.AUDIT_TABLE;
    for (String writer : List.of("dev.place.functions.BansHandler::handleRequest", "dev.place.functions.ProtectedAreasHandler::handleRequest")) {
      List<Map<String, Object>> statements = roleStatements(writer);
      assertThat(withAction(statements, "cassandra:Modify")).singleElement().satisfies(s -> {
        assertThat(actions(s)).containsExactly("cassandra:Modify");
        assertThat(json(s.get("Resource"))).contains(auditTable).doesNotContain("pixel_").doesNotContain("user_placements");
      });
      assertThat(json(withAction(statements, "cassandra:Select"))).contains(auditTable).doesNotContain("pixel_history");
    }
    List<Map<String, Object>> reader = roleStatements("dev.place.functions.AuditLogHandler::handleRequest");
    assertThat(withAction(reader, "cassandra:Modify")).isEmpty();
    assertThat(json(withAction(reader, "cassandra:Select"))).contains(auditTable).doesNotContain("pixel_history");
    assertThat(withAction(reader, "execute-api:ManageConnections")).isEmpty();

    assertThat(json(withAction(roleStatements(Routes.HISTORY_WRITER.handler()), "cassandra:Modify")))
        .as("the history writer writes history, not the audit log").contains("pixel_history").doesNotContain(auditTable);
    assertThat(json(withAction(roleStatements("dev.place.functions.history.PixelHistoryHandler::handleRequest"), "cassandra:Select")))
        .as("history readers do not read the audit log").doesNotContain(auditTable);
    assertThat(json(withAction(roleStatements("dev.place.functions.SessionHandler::handleRequest"), "cassandra:Select")))
        .as("nor do the session routes").doesNotContain(auditTable);
  }

  /** Unconditional (a HEAD has no s3:prefix for a condition to match), on the content bucket itself. */
  private void listsTheContentBucketOnly(Map<String, Object> statement) {
    assertThat(statement).doesNotContainKey("Condition");
    assertThat(json(statement.get("Resource"))).contains("SiteContent").doesNotContain("/*").doesNotContain("Logs");
  }

  @Test
  void timelapseDispatcherKnowsWhereToStartJobs() {
    Map<String, Object> env = environment(function(DISPATCHER));
    assertThat(env).containsEntry("PLACE_TIMELAPSE_CONTAINER", "timelapse")
        .containsEntry("PLACE_TIMELAPSE_LAMBDA_MAX_MEGAPIXEL_FRAMES", "1500")
        .containsKeys("PLACE_TIMELAPSE_BUCKET", "PLACE_TIMELAPSE_BASE_URL");
    assertThat(json(env.get("PLACE_TIMELAPSE_WORKER_FUNCTION"))).contains("FunctionsTimelapseWorkerLive");
    assertThat(json(env.get("PLACE_TIMELAPSE_CLUSTER"))).contains("TimelapseTasksCluster").contains("Arn");
    assertThat(json(env.get("PLACE_TIMELAPSE_TASK_DEFINITION"))).contains("{\"Ref\":\"TimelapseTasksTask");
    assertThat(json(env.get("PLACE_TIMELAPSE_SUBNETS"))).startsWith("{\"Fn::Join\":[\",\"").contains("privateSubnet");
    assertThat(json(env.get("PLACE_TIMELAPSE_SECURITY_GROUPS"))).contains("NetworkTimelapse").contains("GroupId");
    // Only the dispatcher: the worker's ARN in the shared map would be circular.
    long naming = resources("AWS::Lambda::Function").values().stream()
        .filter(r -> json(props(r)).contains("PLACE_TIMELAPSE_WORKER_FUNCTION")).count();
    assertThat(naming).isEqualTo(1);
  }

  @Test
  @SuppressWarnings("unchecked")
  void timelapseDispatcherMayStartJobsAndReadButNotWriteResults() {
    List<Map<String, Object>> statements = roleStatements(DISPATCHER);
    assertThat(withAction(statements, "lambda:InvokeFunction")).singleElement().satisfies(s -> {
      assertThat(actions(s)).containsExactly("lambda:InvokeFunction");
      assertThat(json(s.get("Resource"))).contains("FunctionsTimelapseWorkerLive").doesNotContain("*");
    });
    assertThat(withAction(statements, "ecs:RunTask")).singleElement().satisfies(s -> {
      assertThat(json(s.get("Resource"))).contains("{\"Ref\":\"TimelapseTasksTask").doesNotContain("*");
      assertThat(json(s.get("Condition"))).startsWith("{\"ArnEquals\":{\"ecs:cluster\":").contains("TimelapseTasksCluster");
    });
    assertThat(withAction(statements, "iam:PassRole")).singleElement().satisfies(s -> {
      assertThat((List<Object>) s.get("Resource")).hasSize(2);
      assertThat(json(s.get("Resource"))).contains("TimelapseTasksTaskTaskRole").contains("TimelapseTasksTaskExecutionRole");
      assertThat(s.get("Condition")).isEqualTo(Map.of("StringEquals", Map.of("iam:PassedToService", "ecs-tasks.amazonaws.com")));
    });
    assertThat(json(withAction(statements, "s3:GetObject"))).contains("/timelapse/*").contains("/timelapse-jobs/*");
    String puts = json(withAction(statements, "s3:PutObject"));
    assertThat(puts).contains("/timelapse-jobs/*").doesNotContain("/timelapse/*");
    assertThat(withAction(statements, "s3:ListBucket")).singleElement().satisfies(this::listsTheContentBucketOnly);
    assertThat(json(statements)).doesNotContain("cassandra:"); // it only dispatches; workers read history
  }

  @Test
  @SuppressWarnings("unchecked")
  void largeTimelapseJobsRunAsFargateTasksWithoutSecrets() {
    var defs = t.findResources("AWS::ECS::TaskDefinition", Map.of("Properties", Map.of(
        "ContainerDefinitions", List.of(Match.objectLike(Map.of("Name", TimelapseTasks.CONTAINER))))));
    assertThat(defs).hasSize(1);
    Map<String, Object> def = props(defs.values().iterator().next());
    assertThat(def).containsEntry("Cpu", "4096").containsEntry("Memory", "8192")
        .containsEntry("RuntimePlatform", Map.of("CpuArchitecture", "X86_64", "OperatingSystemFamily", "LINUX"))
        .containsEntry("RequiresCompatibilities", List.of("FARGATE"));
    Map<String, Object> container = ((List<Map<String, Object>>) def.get("ContainerDefinitions")).get(0);
    assertThat(container).containsEntry("ReadonlyRootFilesystem", true)
        .containsEntry("MountPoints", List.of(Map.of("ContainerPath", "/tmp", "SourceVolume", "tmp", "ReadOnly", false)))
        .doesNotContainKeys("Command", "Secrets");
    assertThat(json(container.get("Image"))).contains("container-assets");
    assertThat(json(container.get("LogConfiguration"))).contains("awslogs").contains("TimelapseTasksLogs");
    List<String> names = ((List<Map<String, Object>>) container.get("Environment")).stream()
        .map(e -> e.get("Name").toString()).toList();
    assertThat(names).contains("PLACE_TIMELAPSE_BUCKET", "PLACE_TIMELAPSE_BASE_URL", "PLACE_TIMELAPSE_LAMBDA_MAX_MEGAPIXEL_FRAMES",
            "PLACE_CASSANDRA_CONTACT_POINTS", "PLACE_CASSANDRA_AUTH", "PLACE_CANVAS_WIDTH")
        .doesNotContain("PLACE_TOKEN_SECRET", "PLACE_REDIS_URI", "PLACE_KAFKA_BOOTSTRAP", "PLACE_TIMELAPSE_JOB");
    assertThat(json(container.get("Environment"))).doesNotContain("resolve:secretsmanager").doesNotContain("rediss://");
    // Started by RunTask only: the one service is the fanout's. Its cluster has container insights.
    t.resourceCountIs("AWS::ECS::Service", 1);
    t.resourceCountIs("AWS::ECS::Cluster", 2);
    t.allResourcesProperties("AWS::ECS::Cluster", Map.of("ClusterSettings", List.of(Map.of("Name", "containerInsights", "Value", "enabled"))));
    // Its task role: history reads and the timelapse objects, like the worker function.
    String taskPolicies = json(t.findResources("AWS::IAM::Policy", Map.of("Properties", Map.of(
        "Roles", List.of(Map.of("Ref", Match.stringLikeRegexp("TimelapseTasksTaskTaskRole.*")))))));
    assertThat(taskPolicies).contains("cassandra:Select", "s3:ListBucket", "/timelapse/*", "/timelapse-jobs/*").doesNotContain("kafka");
  }

  @Test
  @SuppressWarnings("unchecked")
  void cloudFrontServesTimelapseResultsLikeSnapshotTilesButNeverJobStatuses() {
    Map<String, Object> config = (Map<String, Object>) props(resources("AWS::CloudFront::Distribution").values().iterator().next())
        .get("DistributionConfig");
    List<Map<String, Object>> behaviors = (List<Map<String, Object>>) config.get("CacheBehaviors");
    Map<String, Map<String, Object>> byPattern = new java.util.HashMap<>();
    behaviors.forEach(b -> byPattern.put(b.get("PathPattern").toString(), b));
    // timelapse/* reuses the year-long Immutable policy of the snapshot tiles.
    assertThat(byPattern.get("timelapse/*").get("CachePolicyId")).isEqualTo(byPattern.get("snapshots/*").get("CachePolicyId"));
    assertThat(json(byPattern.get("timelapse/*").get("CachePolicyId"))).contains("SiteImmutable");
    assertThat(byPattern.get("timelapse/*")).doesNotContainKey("FunctionAssociations");
    // timelapse-jobs/* and the default behaviour (where an encoded path lands) run the 404 function.
    String hide = "{\"EventType\":\"viewer-request\",\"FunctionARN\":{\"Fn::GetAtt\":[\"SiteHideJobStatuses";
    assertThat(json(byPattern.get("timelapse-jobs/*").get("FunctionAssociations"))).startsWith("[" + hide);
    assertThat(json(((Map<String, Object>) config.get("DefaultCacheBehavior")).get("FunctionAssociations"))).startsWith("[" + hide);
    t.hasResourceProperties("AWS::CloudFront::Function", Map.of(
        "FunctionCode", StaticSite.HIDE_JOB_STATUSES,
        "FunctionConfig", Match.objectLike(Map.of("Runtime", "cloudfront-js-2.0")),
        "AutoPublish", true));
  }

  @Test
  void theJobStatusFunctionAnswers404ForStatusesOnlyEvenWhenEncoded() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(onPath("node"), "node not on PATH");
    String[] uris = {"/timelapse-jobs/abc.json", "/timelapse%2Djobs/abc.json", "/timelapse-jobs%2Fabc.json", "/%74imelapse-jobs/a",
        "/%zz", "/timelapse/abc.mp4", "/index.html", "/snapshots/latest.json", "/timelapse-jobs", "/x/timelapse-jobs/a"};
    StringBuilder js = new StringBuilder(StaticSite.HIDE_JOB_STATUSES).append("\nconsole.log(JSON.stringify([");
    for (String uri : uris) {
      js.append("(function(r){return r.statusCode||r.uri;})(handler({request:{uri:").append(JSON.writeValueAsString(uri)).append("}})),");
    }
    js.append("]));\n");
    Process p = new ProcessBuilder("node", "-e", js.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(JSON.readValue(out, List.class)).containsExactly(404, 404, 404, 404, 404,
        "/timelapse/abc.mp4", "/index.html", "/snapshots/latest.json", "/timelapse-jobs", "/x/timelapse-jobs/a");
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void timelapseObjectsExpireResultsAfterAMonthAndStatusesAfterTwoDays() {
    t.hasResourceProperties("AWS::S3::Bucket", Map.of("LifecycleConfiguration", Map.of("Rules", Match.arrayWith(List.of(
        Match.objectLike(Map.of("Prefix", "timelapse/", "ExpirationInDays", 30, "Status", "Enabled")),
        Match.objectLike(Map.of("Prefix", "timelapse-jobs/", "ExpirationInDays", 2, "Status", "Enabled")))))));
    // Nothing else expires: the snapshot tiles and the web client are kept.
    assertThat(json(resources("AWS::S3::Bucket"))).doesNotContain("\"Prefix\":\"snapshots");
  }

  /** Every handler function: routes naming the same spec share one. */
  private static List<FunctionSpec> allSpecs() {
    Map<String, FunctionSpec> byId = new java.util.LinkedHashMap<>();
    Routes.WEBSOCKET.forEach(r -> byId.put(r.function().id(), r.function()));
    Routes.HTTP.forEach(r -> byId.put(r.function().id(), r.function()));
    byId.put(Routes.HISTORY_WRITER.id(), Routes.HISTORY_WRITER);
    byId.put(Routes.MOD_APPLY.id(), Routes.MOD_APPLY);
    return List.copyOf(byId.values());
  }

  @Test
  void routesSharingASpecShareOneFunction() {
    long timelapseFunctions = resources("AWS::Lambda::Function").values().stream()
        .filter(r -> String.valueOf(props(r).get("Handler")).contains("TimelapseHandler")).count();
    assertThat(timelapseFunctions).isEqualTo(1);
    t.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", "GET /api/v1/timelapse/{id}"));
  }

  @Test
  void theEdgeIsOffByDefault() {
    t.resourceCountIs("AWS::ElasticLoadBalancingV2::LoadBalancer", 0);
  }

  @Test
  void withTheEdgeFlagTheEdgeRunsOnFargateBehindATlsLoadBalancerScaledOnConnectionsAndPassesCdkNag() {
    software.amazon.awscdk.App app = new software.amazon.awscdk.App(software.amazon.awscdk.AppProps.builder()
        .context(Map.of("place:edge", "true",
            "place:edgeCertificateArn", "arn:aws:acm:eu-west-1:111122223333:certificate/edge")).build());
    PlaceStack stack = new PlaceStack(app, "PlaceEdgeTest", software.amazon.awscdk.StackProps.builder()
        .env(software.amazon.awscdk.Environment.builder().account("111122223333").region("eu-west-1").build()).build(),
        StackFixture.SETTINGS, RepoLayout.find());
    software.amazon.awscdk.Aspects.of(app).add(new io.github.cdklabs.cdknag.AwsSolutionsChecks());
    Template edge = Template.fromStack(stack);

    edge.hasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Map.of("Port", 443, "Protocol", "HTTPS",
        "Certificates", List.of(Map.of("CertificateArn", "arn:aws:acm:eu-west-1:111122223333:certificate/edge"))));
    edge.hasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Map.of("Scheme", "internet-facing",
        "LoadBalancerAttributes", Match.arrayWith(List.of(Map.of("Key", "idle_timeout.timeout_seconds",
            "Value", String.valueOf(EdgeFront.ALB_IDLE_TIMEOUT_SECONDS))))));
    edge.hasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Map.of("Port", EdgeFront.PORT,
        "HealthCheckPath", "/health", "TargetType", "ip"));
    String tasks = json(edge.findResources("AWS::ECS::TaskDefinition"));
    assertThat(tasks).contains("{\"Name\":\"PLACE_DELIVERY_MODES\",\"Value\":\"edge\"}",
        "{\"Name\":\"PLACE_EDGE_HOST\",\"Value\":\"0.0.0.0\"}");
    edge.hasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Map.of(
        "PolicyType", "TargetTrackingScaling",
        "TargetTrackingScalingPolicyConfiguration", Match.objectLike(Map.of("TargetValue", 20_000,
            "CustomizedMetricSpecification", Match.objectLike(Map.of("MetricName", EdgeFront.CONNECTIONS_METRIC,
                "Namespace", FanoutService.NAMESPACE, "Statistic", "Average"))))));
    var findings = new ArrayList<>(software.amazon.awscdk.assertions.Annotations.fromStack(stack)
        .findError("*", Match.stringLikeRegexp("AwsSolutions-.*")));
    findings.addAll(software.amazon.awscdk.assertions.Annotations.fromStack(stack)
        .findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*")));
    assertThat(findings).extracting(m -> m.getId() + ": " + String.valueOf(m.getEntry().getData()).lines().findFirst().orElse(""))
        .isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> statements(Map<String, Object> policyProps) {
    Map<String, Object> document = (Map<String, Object>) policyProps.get("PolicyDocument");
    return (List<Map<String, Object>>) document.get("Statement");
  }

  private static List<String> actions(Map<String, Object> statement) {
    Object a = statement.get("Action");
    return a instanceof List<?> list ? list.stream().map(Object::toString).toList() : List.of(String.valueOf(a));
  }
}
