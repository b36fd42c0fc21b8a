package dev.place.shared.timelapse.aws;

import dev.place.shared.config.ConfigException;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.timelapse.DispatchingTimelapseJobs;
import dev.place.shared.timelapse.HistorySource;
import dev.place.shared.timelapse.TimelapseWorker;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;

/** Builds the AWS job runner's two halves from {@link PlaceConfig.Timelapse}. */
public final class AwsTimelapse {

  /** S3 PUTs are cheap, but not free: a running job's record every few seconds is plenty. */
  static final long HEARTBEAT_MILLIS = 5_000;

  private AwsTimelapse() {}

  /** The timelapse HTTP function's runner: S3 records, Lambda for small jobs, ECS for large ones. */
  public static DispatchingTimelapseJobs dispatcher(PlaceConfig config) {
    PlaceConfig.Timelapse t = config.timelapse();
    require(t.workerFunction(), "PLACE_TIMELAPSE_WORKER_FUNCTION");
    require(t.cluster(), "PLACE_TIMELAPSE_CLUSTER");
    require(t.taskDefinition(), "PLACE_TIMELAPSE_TASK_DEFINITION");
    require(String.join(",", t.subnets()), "PLACE_TIMELAPSE_SUBNETS");
    require(String.join(",", t.securityGroups()), "PLACE_TIMELAPSE_SECURITY_GROUPS");
    Region region = Region.of(config.awsRegion());
    LambdaClient lambda = LambdaClient.builder().region(region).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    EcsClient ecs = EcsClient.builder().region(region).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    return new DispatchingTimelapseJobs(store(config),
        new LambdaJobLauncher(lambda, t.workerFunction()),
        new EcsJobLauncher(ecs, t.cluster(), t.taskDefinition(), t.container(), t.subnets(), t.securityGroups()),
        t.lambdaMaxPixelFrames(), System::currentTimeMillis);
  }

  /** The worker in the Lambda function or the ECS task: every core it has for encoding. */
  public static TimelapseWorker worker(PlaceConfig config, HistorySource history) {
    return new TimelapseWorker(history, config.tileSize(), store(config), Runtime.getRuntime().availableProcessors(),
        HEARTBEAT_MILLIS, System::currentTimeMillis);
  }

  static S3JobStore store(PlaceConfig config) {
    PlaceConfig.Timelapse t = config.timelapse();
    require(t.bucket(), "PLACE_TIMELAPSE_BUCKET");
    S3Client s3 = S3Client.builder().region(Region.of(config.awsRegion()))
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    return new S3JobStore(s3, t.bucket(), t.baseUrl());
  }

  private static void require(String value, String variable) {
    if (value == null || value.isBlank()) {
      throw new ConfigException(variable + " must be set for the AWS timelapse runner");
    }
  }
}
