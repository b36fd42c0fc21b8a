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
    t.resourceCountIs("AWS::Lambda::Alias", specs.size());
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
    assertThat(task).contains("container-assets").contains("\"Secrets\"").contains("PLACE_TOKEN_SECRET");
    t.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions", List.of(Match.objectLike(Map.of(
        "Environment", Match.not(Match.arrayWith(List.of(Match.objectLike(Map.of("Name", "PLACE_TOKEN_SECRET"))))),
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
  void manageConnectionsIsGrantedOnThisApisStageOnlyAndOnlyToTheFanoutTask() {
    List<String> holders = new ArrayList<>();
    for (var entry : resources("AWS::IAM::Policy").entrySet()) {
      for (Map<String, Object> statement : statements(props(entry.getValue()))) {
        if (actions(statement).contains("execute-api:ManageConnections")) {
          holders.add(entry.getKey());
          assertThat(actions(statement)).containsExactly("execute-api:ManageConnections");
          List<?> resources = (List<?>) statement.get("Resource");
          assertThat(resources).hasSize(3).allSatisfy(r -> assertThat(json(r))
              .contains("{\"Ref\":\"WebSocketApi").matches(".*/live/(POST|GET|DELETE)/@connections/\\*.*"));
        }
      }
    }
    assertThat(holders).singleElement().asString().startsWith("FanoutTaskTaskRole");
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
            Match.objectLike(Map.of("PathPattern", "snapshots/*", "ViewerProtocolPolicy", "redirect-to-https"))),
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
            "rediss://:", "{{resolve:secretsmanager:", "\"PLACE_COOLDOWN_SECONDS\":\"300\"", "\"PLACE_CANVAS_WIDTH\":\"2000\"",
            "\"PLACE_FANOUT_INTERVAL_MS\":\"100\"", ":9142");
  }

  @Test
  void alarmsCoverPlaceErrorsLatencyLagPostToConnectionRatesAndThrottles() {
    String alarms = json(resources("AWS::CloudWatch::Alarm"));
    assertThat(alarms).contains("place handler errors", "place p99 duration", "fanout is more than", "history writer more than",
        "answered 429", "answered 410", "Lambda throttled");
    long throttleAlarms = resources("AWS::CloudWatch::Alarm").values().stream()
        .filter(a -> "Throttles".equals(props(a).get("MetricName"))).count();
    assertThat(throttleAlarms).isEqualTo(allSpecs().size());
    t.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
  }

  @Test
  void logGroupsExpireAndGoWithTheStack() {
    t.allResources("AWS::Logs::LogGroup", Map.of("DeletionPolicy", "Delete", "Properties", Map.of("RetentionInDays", 30)));
  }

  /** Every handler function: routes naming the same spec share one. */
  private static List<FunctionSpec> allSpecs() {
    Map<String, FunctionSpec> byId = new java.util.LinkedHashMap<>();
    Routes.WEBSOCKET.forEach(r -> byId.put(r.function().id(), r.function()));
    Routes.HTTP.forEach(r -> byId.put(r.function().id(), r.function()));
    byId.put(Routes.HISTORY_WRITER.id(), Routes.HISTORY_WRITER);
    return List.copyOf(byId.values());
  }

  @Test
  void routesSharingASpecShareOneFunction() {
    long timelapseFunctions = resources("AWS::Lambda::Function").values().stream()
        .filter(r -> String.valueOf(props(r).get("Handler")).contains("TimelapseHandler")).count();
    assertThat(timelapseFunctions).isEqualTo(1);
    t.hasResourceProperties("AWS::ApiGatewayV2::Route", Map.of("RouteKey", "GET /api/v1/timelapse/{id}"));
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
