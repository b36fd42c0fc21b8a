package dev.place.shared.timelapse.aws;

import dev.place.shared.config.ConfigException;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.redis.RedisConnector;
import dev.place.shared.redis.RedisTileSequences;
import dev.place.shared.timelapse.DirectoryJobStore;
import dev.place.shared.timelapse.DispatchingTimelapseJobs;
import dev.place.shared.timelapse.HistorySource;
import dev.place.shared.timelapse.JobLauncher;
import dev.place.shared.timelapse.JobStore;
import dev.place.shared.timelapse.TimelapseWorker;
import java.net.URI;
import java.nio.file.Path;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the job runner's two halves from {@link PlaceConfig.Timelapse}, the same way in AWS and on
 * the local cloud: the worker is invoked through the Lambda API either way (the local cloud
 * emulates it at {@code PLACE_LAMBDA_ENDPOINT}); the store is S3 with a bucket, a directory
 * without one; ECS runs large jobs where it exists (AWS), the worker function runs every job where
 * it does not (the local cloud).
 */
public final class AwsTimelapse {

  /** S3 PUTs are cheap, but not free: a running job's record every few seconds is plenty. */
  static final long HEARTBEAT_MILLIS = 5_000;

  private AwsTimelapse() {}

  /** The timelapse HTTP function's runner. */
  public static DispatchingTimelapseJobs dispatcher(PlaceConfig config) {
    PlaceConfig.Timelapse t = config.timelapse();
    JobStore store = store(config);
    require(t.workerFunction(), "PLACE_TIMELAPSE_WORKER_FUNCTION");
    Region region = Region.of(config.awsRegion());
    LambdaClientBuilder lambda = LambdaClient.builder().region(region).httpClientBuilder(UrlConnectionHttpClient.builder());
    if (!t.lambdaEndpoint().isEmpty()) {
      lambda.endpointOverride(URI.create(t.lambdaEndpoint()));
    }
    JobLauncher small = new LambdaJobLauncher(lambda.build(), t.workerFunction());
    if (t.bucket().isEmpty() && t.cluster().isEmpty()) {
      return new DispatchingTimelapseJobs(store, small, small, t.lambdaMaxPixelFrames(), System::currentTimeMillis);
    }
    require(t.cluster(), "PLACE_TIMELAPSE_CLUSTER");
    require(t.taskDefinition(), "PLACE_TIMELAPSE_TASK_DEFINITION");
    require(String.join(",", t.subnets()), "PLACE_TIMELAPSE_SUBNETS");
    require(String.join(",", t.securityGroups()), "PLACE_TIMELAPSE_SECURITY_GROUPS");
    EcsClient ecs = EcsClient.builder().region(region).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    return new DispatchingTimelapseJobs(store, small,
        new EcsJobLauncher(ecs, t.cluster(), t.taskDefinition(), t.container(), t.subnets(), t.securityGroups()),
        t.lambdaMaxPixelFrames(), System::currentTimeMillis);
  }

  /** The worker in the Lambda function or the ECS task: every core it has for encoding. */
  /**
   * A worker whose results are final: it checks the history against the tiles' sequences in Redis
   * (connected on first use) before it renders (docs/history.md, "Final results").
   */
  public static TimelapseWorker worker(PlaceConfig config, HistorySource history) {
    return new TimelapseWorker(history, new RedisTileSequences(new RedisConnector(config)),
        TimelapseWorker.SETTLE_MILLIS, TimelapseWorker.MAX_WAIT_MILLIS, config.tileSize(), store(config),
        Runtime.getRuntime().availableProcessors(), HEARTBEAT_MILLIS, System::currentTimeMillis);
  }

  /** S3 with {@code PLACE_TIMELAPSE_BUCKET}; else the directory {@code PLACE_TIMELAPSE_DIR}. */
  static JobStore store(PlaceConfig config) {
    PlaceConfig.Timelapse t = config.timelapse();
    if (!t.bucket().isEmpty()) {
      S3Client s3 = S3Client.builder().region(Region.of(config.awsRegion()))
          .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
      return new S3JobStore(s3, t.bucket(), t.baseUrl());
    }
    require(t.directory(), "PLACE_TIMELAPSE_BUCKET or PLACE_TIMELAPSE_DIR");
    return DirectoryJobStore.under(Path.of(t.directory()), t.baseUrl());
  }

  private static void require(String value, String variable) {
    if (value == null || value.isBlank()) {
      throw new ConfigException(variable + " must be set for the timelapse runner");
    }
  }
}
