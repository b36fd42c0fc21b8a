package dev.place.infra;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ecr.assets.DockerImageAsset;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.MountPoint;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.ecs.Volume;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.ecs.TrackCustomMetricProps;
import software.constructs.Construct;
import software.constructs.Node;

/**
 * The WebSocket edge (docs/deploy.md, Delivery modes): the fanout image in edge mode on Fargate,
 * behind an internet-facing Application Load Balancer that terminates TLS ({@code wss://}). An ALB
 * rather than an NLB: it upgrades WebSockets natively, its idle timeout is configurable (an NLB TLS
 * listener's is fixed at 350 s), and it appends the client address to {@code X-Forwarded-For}, which
 * the per-address placement limit needs. Scaled on open WebSockets per task ({@link #CONNECTIONS_METRIC},
 * published by the edge), since an idle socket costs memory, not CPU. Deployed only with
 * {@code -c place:edge=true -c place:edgeCertificateArn=arn:aws:acm:...}.
 */
public final class EdgeFront extends Construct {

  public static final String CONNECTIONS_METRIC = "EdgeConnections";
  public static final int PORT = 3003;
  /** Longer than the edge's own 10 min idle timeout and ping interval, so the edge, not the ALB, decides. */
  public static final int ALB_IDLE_TIMEOUT_SECONDS = 900;

  /** What {@code cdk deploy -c place:...} says about the edge. */
  public record Settings(boolean enabled, String certificateArn, int minTasks, int maxTasks, int connectionsPerTask) {

    public static Settings fromContext(Node node) {
      boolean enabled = Boolean.parseBoolean(String.valueOf(node.tryGetContext("place:edge")));
      Object certificate = node.tryGetContext("place:edgeCertificateArn");
      if (enabled && certificate == null) {
        throw new IllegalArgumentException("place:edge=true needs place:edgeCertificateArn: the ACM certificate of "
            + "the edge's domain (wss:// needs TLS)");
      }
      return new Settings(enabled, certificate == null ? null : certificate.toString(),
          integer(node, "edgeMinTasks", 2), integer(node, "edgeMaxTasks", 200),
          integer(node, "edgeConnectionsPerTask", 20_000));
    }

    private static int integer(Node node, String key, int fallback) {
      Object value = node.tryGetContext("place:" + key);
      return value == null ? fallback : Integer.parseInt(value.toString().trim());
    }
  }

  private final FargateService service;

  public EdgeFront(Construct scope, String id, Settings edge, RepoLayout layout, Network network,
      Map<String, String> environment, Secrets secrets) {
    super(scope, id);
    SecurityGroup lbGroup = SecurityGroup.Builder.create(this, "LoadBalancerGroup").vpc(network.vpc())
        .description("edge load balancer: wss:// from the internet").allowAllOutbound(false).build();
    lbGroup.addIngressRule(Peer.anyIpv4(), Port.tcp(443), "wss:// clients");
    ApplicationLoadBalancer lb = ApplicationLoadBalancer.Builder.create(this, "LoadBalancer")
        .vpc(network.vpc()).internetFacing(true).securityGroup(lbGroup)
        .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
        .idleTimeout(Duration.seconds(ALB_IDLE_TIMEOUT_SECONDS))
        .dropInvalidHeaderFields(true)
        .build();

    FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, "Task")
        // 20K sockets a task (the scaling target) take ~60 MB of heap (2.9 KB each, measured) plus kernel
        // socket buffers; the vCPU, writing every socket every interval, is the limit (docs/deploy.md).
        .cpu(1024).memoryLimitMiB(2048)
        .runtimePlatform(RuntimePlatform.builder()
            .cpuArchitecture(CpuArchitecture.X86_64).operatingSystemFamily(OperatingSystemFamily.LINUX).build())
        .build();
    DockerImageAsset image = DockerImageAsset.Builder.create(this, "Image")
        .directory(layout.fanoutImageContext().toString()).platform(Platform.LINUX_AMD64).build();
    LogGroup logs = LogGroup.Builder.create(this, "Logs")
        .retention(RetentionDays.ONE_MONTH).removalPolicy(RemovalPolicy.DESTROY).build();
    Map<String, String> env = new HashMap<>(environment);
    env.remove("PLACE_TOKEN_SECRET_ARN");
    env.remove("PLACE_REDIS_AUTH_TOKEN_ARN");
    env.put("PLACE_DELIVERY_MODES", "edge");
    env.put("PLACE_EDGE_HOST", "0.0.0.0");
    env.put("PLACE_EDGE_PORT", Integer.toString(PORT));
    env.put("PLACE_EDGE_URL", "wss://" + lb.getLoadBalancerDnsName());
    env.put("PLACE_EDGE_TRUST_FORWARDED_FOR", "true");
    env.put("PLACE_FANOUT_METRICS", "emf");
    task.addVolume(Volume.builder().name("tmp").build());
    var container = task.addContainer("edge", ContainerDefinitionOptions.builder()
        .image(ContainerImage.fromDockerImageAsset(image))
        .environment(env)
        // The edge verifies session tokens itself (the handshake), so unlike the fanout it gets the key.
        .secrets(Map.of(
            "PLACE_REDIS_AUTH_TOKEN", Secret.fromSecretsManager(secrets.redisAuth()),
            "PLACE_TOKEN_SECRET", Secret.fromSecretsManager(secrets.tokenSecret())))
        .portMappings(List.of(PortMapping.builder().containerPort(PORT).build()))
        .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix("edge").build()))
        .readonlyRootFilesystem(true)
        .build());
    container.addMountPoints(MountPoint.builder().containerPath("/tmp").sourceVolume("tmp").readOnly(false).build());
    Cluster cluster = Cluster.Builder.create(this, "Cluster").vpc(network.vpc())
        .containerInsightsV2(ContainerInsights.ENABLED).build();
    service = FargateService.Builder.create(this, "Service")
        .cluster(cluster).taskDefinition(task)
        .desiredCount(edge.minTasks())
        .vpcSubnets(network.privateSubnets())
        .securityGroups(List.of(network.fanout()))
        .assignPublicIp(false)
        .circuitBreaker(DeploymentCircuitBreaker.builder().rollback(true).build())
        .minHealthyPercent(100).maxHealthyPercent(200)
        .build();
    network.fanout().addIngressRule(lbGroup, Port.tcp(PORT), "edge WebSockets from the load balancer");
    lbGroup.addEgressRule(network.fanout(), Port.tcp(PORT), "to the edge tasks");

    ApplicationTargetGroup targets = ApplicationTargetGroup.Builder.create(this, "Targets")
        .vpc(network.vpc()).port(PORT).protocol(ApplicationProtocol.HTTP).targetType(TargetType.IP)
        .healthCheck(HealthCheck.builder().path("/health").healthyHttpCodes("200").build())
        // Sockets a draining task still holds are closed at the end; clients reconnect (docs/protocol.md).
        .deregistrationDelay(Duration.seconds(60))
        .targets(List.of(service))
        .build();
    lb.addListener("Wss", BaseApplicationListenerProps.builder()
        .port(443).protocol(ApplicationProtocol.HTTPS).sslPolicy(SslPolicy.RECOMMENDED_TLS)
        .certificates(List.of(ListenerCertificate.fromCertificateManager(
            Certificate.fromCertificateArn(this, "Certificate", edge.certificateArn()))))
        .defaultTargetGroups(List.of(targets))
        .open(false)
        .build());

    service.autoScaleTaskCount(EnableScalingProps.builder().minCapacity(edge.minTasks()).maxCapacity(edge.maxTasks()).build())
        .scaleToTrackCustomMetric("Connections", TrackCustomMetricProps.builder()
            .metric(connections()).targetValue(edge.connectionsPerTask())
            .scaleInCooldown(Duration.minutes(10)).scaleOutCooldown(Duration.seconds(60)).build());
    CfnOutput.Builder.create(this, "Url").value("wss://" + lb.getLoadBalancerDnsName())
        .description("the edge's WebSocket URL (point the certificate's domain at this name)").build();
  }

  /** Open WebSockets per task: the average over tasks is what target tracking holds at the target. */
  public static Metric connections() {
    return FanoutService.metric(CONNECTIONS_METRIC, "Average");
  }

  public FargateService service() {
    return service;
  }
}
