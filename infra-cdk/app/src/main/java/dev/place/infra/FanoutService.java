package dev.place.infra;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.applicationautoscaling.AdjustmentType;
import software.amazon.awscdk.services.applicationautoscaling.BasicStepScalingPolicyProps;
import software.amazon.awscdk.services.applicationautoscaling.ScalingInterval;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.ecr.assets.DockerImageAsset;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.CpuUtilizationScalingProps;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.MountPoint;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.ecs.Volume;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The fanout service on ECS Fargate, image built from fanout-service/Dockerfile at deploy time.
 * Scales on CPU (PostToConnection signing and TLS are its main cost) and on consumer lag, the
 * age of the newest event an instance has sent, published by the service as {@link #LAG_METRIC}.
 */
public final class FanoutService extends Construct {

  /** Custom metrics the service publishes (CloudWatch embedded metric format on stdout). */
  public static final String NAMESPACE = "Place/Fanout";
  public static final String LAG_METRIC = "ConsumerLagMs";
  public static final String GONE_METRIC = "PostGone";
  public static final String THROTTLED_METRIC = "PostThrottled";
  public static final String SENT_METRIC = "PostSent";

  private final FargateService service;

  public FanoutService(Construct scope, String id, RepoLayout layout, Network network, Map<String, String> environment,
      Secrets secrets, StackSettings settings) {
    super(scope, id);
    Cluster cluster = Cluster.Builder.create(this, "Cluster").vpc(network.vpc())
        .containerInsightsV2(ContainerInsights.ENABLED).build();
    FargateTaskDefinition task = FargateTaskDefinition.Builder.create(this, "Task")
        .cpu(1024).memoryLimitMiB(2048)
        .runtimePlatform(RuntimePlatform.builder()
            .cpuArchitecture(CpuArchitecture.X86_64).operatingSystemFamily(OperatingSystemFamily.LINUX).build())
        .build();
    DockerImageAsset image = DockerImageAsset.Builder.create(this, "Image")
        .directory(layout.fanoutImageContext().toString()).platform(Platform.LINUX_AMD64).build();
    LogGroup logs = LogGroup.Builder.create(this, "Logs")
        .retention(RetentionDays.ONE_MONTH).removalPolicy(RemovalPolicy.DESTROY).build();
    Map<String, String> env = new HashMap<>(environment);
    // The Redis AUTH token is injected by ECS from Secrets Manager at start, so the task needs
    // neither the ARNs nor the right to read them; the service signs no session tokens.
    env.remove("PLACE_TOKEN_SECRET_ARN");
    env.remove("PLACE_REDIS_AUTH_TOKEN_ARN");
    // ConsumerLagMs, PostSent, PostGone, PostThrottled for scaling and alarms, as EMF log lines.
    env.put("PLACE_FANOUT_METRICS", "emf");
    // Read-only root filesystem; Netty and the JDK still need a writable /tmp (native libraries).
    task.addVolume(Volume.builder().name("tmp").build());
    var container = task.addContainer("fanout", ContainerDefinitionOptions.builder()
        .image(ContainerImage.fromDockerImageAsset(image))
        .environment(env)
        .secrets(Map.of("PLACE_REDIS_AUTH_TOKEN", Secret.fromSecretsManager(secrets.redisAuth())))
        .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix("fanout").build()))
        .readonlyRootFilesystem(true)
        .build());
    container.addMountPoints(MountPoint.builder()
        .containerPath("/tmp").sourceVolume("tmp").readOnly(false).build());
    service = FargateService.Builder.create(this, "Service")
        .cluster(cluster).taskDefinition(task)
        .desiredCount(settings.fanoutMinTasks())
        .vpcSubnets(network.privateSubnets())
        .securityGroups(List.of(network.fanout()))
        .assignPublicIp(false)
        .circuitBreaker(DeploymentCircuitBreaker.builder().rollback(true).build())
        // New tasks take bucket leases as old ones release them, so a rolling deploy never drops below min.
        .minHealthyPercent(100).maxHealthyPercent(200)
        .build();
    scale(settings);
  }

  private void scale(StackSettings settings) {
    ScalableTaskCount count = service.autoScaleTaskCount(EnableScalingProps.builder()
        .minCapacity(settings.fanoutMinTasks()).maxCapacity(settings.fanoutMaxTasks()).build());
    count.scaleOnCpuUtilization("Cpu", CpuUtilizationScalingProps.builder()
        .targetUtilizationPercent(60).scaleInCooldown(Duration.minutes(5)).scaleOutCooldown(Duration.seconds(60)).build());
    // Lag in ms: below one interval is healthy; several intervals means instances cannot keep up
    // with their share of connections, and more instances split the connections further.
    int interval = settings.fanoutIntervalMs();
    count.scaleOnMetric("Lag", BasicStepScalingPolicyProps.builder()
        .metric(lag())
        .scalingSteps(List.of(
            ScalingInterval.builder().upper(interval * 2).change(-1).build(),
            ScalingInterval.builder().lower(interval * 5).change(+1).build(),
            ScalingInterval.builder().lower(interval * 20).change(+3).build()))
        .adjustmentType(AdjustmentType.CHANGE_IN_CAPACITY)
        .cooldown(Duration.minutes(2))
        .build());
  }

  public static Metric lag() {
    return metric(LAG_METRIC, "Maximum");
  }

  public static Metric metric(String name, String statistic) {
    return Metric.Builder.create().namespace(NAMESPACE).metricName(name).statistic(statistic).period(Duration.minutes(1)).build();
  }

  public FargateService service() {
    return service;
  }
}
