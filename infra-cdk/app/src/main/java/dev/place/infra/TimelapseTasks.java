package dev.place.infra;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.ecr.assets.DockerImageAsset;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.MountPoint;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.Volume;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * Timelapse jobs too large for the worker Lambda (15 minutes, 3 GB) run as one-off Fargate tasks:
 * a cluster of their own, a task definition and no service. The dispatcher starts a task with
 * {@code RunTask}, passing the job as {@link #JOB_VARIABLE} in a container override, in the
 * private subnets with {@link Network#timelapse()}; the image's entry point
 * ({@code TimelapseTaskMain}, functions/timelapse.Dockerfile) renders it and exits.
 */
public final class TimelapseTasks extends Construct {

  /** The container's name in the task definition (the dispatcher's container override names it). */
  public static final String CONTAINER = "timelapse";
  /** The environment variable the dispatcher sets to the job's JSON. */
  public static final String JOB_VARIABLE = "PLACE_TIMELAPSE_JOB";

  /**
   * The shared configuration the task keeps: canvas geometry, Keyspaces and the timelapse
   * settings. Everything else (notably the token secret and the Redis URI with its AUTH token)
   * stays out of the task definition, including anything secret added to the shared map later.
   */
  static final Predicate<String> NEEDED = key -> key.startsWith("PLACE_CANVAS_") || key.equals("PLACE_TILE_SIZE")
      || key.startsWith("PLACE_CASSANDRA_") || key.startsWith("PLACE_TIMELAPSE_");

  private final Cluster cluster;
  private final FargateTaskDefinition task;

  public TimelapseTasks(Construct scope, String id, RepoLayout layout, Network network, Map<String, String> environment) {
    super(scope, id);
    cluster = Cluster.Builder.create(this, "Cluster").vpc(network.vpc())
        .containerInsightsV2(ContainerInsights.ENABLED).build();
    task = FargateTaskDefinition.Builder.create(this, "Task")
        .cpu(4096).memoryLimitMiB(8192)
        .runtimePlatform(RuntimePlatform.builder()
            .cpuArchitecture(CpuArchitecture.X86_64).operatingSystemFamily(OperatingSystemFamily.LINUX).build())
        .build();
    DockerImageAsset image = DockerImageAsset.Builder.create(this, "Image")
        .directory(layout.timelapseImageContext().toString()).platform(Platform.LINUX_AMD64).build();
    LogGroup logs = LogGroup.Builder.create(this, "Logs")
        .retention(RetentionDays.ONE_MONTH).removalPolicy(RemovalPolicy.DESTROY).build();
    Map<String, String> env = new TreeMap<>();
    environment.forEach((k, v) -> {
      if (NEEDED.test(k)) {
        env.put(k, v);
      }
    });
    // Fargate sets it too; explicit so the SDK clients never fall back to a region lookup.
    env.put("AWS_REGION", Aws.REGION);
    // Read-only root filesystem; the encoder's frames and the JDK's temporary files go to /tmp.
    task.addVolume(Volume.builder().name("tmp").build());
    var container = task.addContainer(CONTAINER, ContainerDefinitionOptions.builder()
        .image(ContainerImage.fromDockerImageAsset(image))
        .environment(env)
        .logging(LogDriver.awsLogs(AwsLogDriverProps.builder().logGroup(logs).streamPrefix(CONTAINER).build()))
        .readonlyRootFilesystem(true)
        .essential(true)
        .build());
    container.addMountPoints(MountPoint.builder()
        .containerPath("/tmp").sourceVolume("tmp").readOnly(false).build());
  }

  public Cluster cluster() {
    return cluster;
  }

  public FargateTaskDefinition taskDefinition() {
    return task;
  }
}
