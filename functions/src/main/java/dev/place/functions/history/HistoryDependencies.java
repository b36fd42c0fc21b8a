package dev.place.functions.history;

import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.history.CassandraSessions;
import dev.place.shared.history.TileHistory;
import dev.place.shared.redis.RedisConnector;
import dev.place.shared.resize.CanvasSizes;
import dev.place.shared.resize.LiveCanvas;
import dev.place.shared.timelapse.TimelapseJobs;
import dev.place.shared.timelapse.aws.AwsTimelapse;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clients of the history read functions, created on first use per execution environment (like
 * {@code dev.place.functions.Dependencies}, which the write path uses).
 */
final class HistoryDependencies {

  private static final Logger LOG = LoggerFactory.getLogger(HistoryDependencies.class);
  private static volatile HistoryDependencies instance;

  private final PlaceConfig config;
  private TileHistory history;
  private LiveCanvas canvas;
  private TimelapseJobs jobs;

  private HistoryDependencies(PlaceConfig config) {
    this.config = config;
  }

  static HistoryDependencies get() {
    HistoryDependencies d = instance;
    if (d == null) {
      synchronized (HistoryDependencies.class) {
        d = instance;
        if (d == null) {
          instance = d = new HistoryDependencies(PlaceConfig.fromEnvironment());
        }
      }
    }
    return d;
  }

  /**
   * The canvas size now: the configured one grown to what an admin stored in Redis. History lives
   * in Cassandra, so without Redis the routes still answer, within the configured size.
   */
  synchronized CanvasGeometry canvas() {
    CanvasGeometry configured = new CanvasGeometry(config.canvasWidth(), config.canvasHeight(), config.tileSize());
    if (canvas == null) {
      try {
        canvas = LiveCanvas.of(configured, new CanvasSizes(new RedisConnector(config)));
      } catch (RuntimeException e) {
        LOG.warn("Redis unreachable, using the configured canvas size: {}", e.toString());
        return configured;
      }
    }
    return canvas.get();
  }

  synchronized TileHistory history() {
    if (history == null) {
      history = new TileHistory(CassandraSessions.open(config), config.tileSize());
    }
    return history;
  }

  /**
   * The job runner: records and results in S3 ({@code PLACE_TIMELAPSE_BUCKET}) or a directory
   * ({@code PLACE_TIMELAPSE_DIR}, the local cloud), jobs to the worker function through the Lambda
   * API, large ones to ECS in AWS. Neither store configured: the timelapse routes answer 503.
   */
  synchronized Optional<TimelapseJobs> jobs() {
    if (!config.timelapse().configured()) {
      return Optional.empty();
    }
    if (jobs == null) {
      jobs = AwsTimelapse.dispatcher(config);
    }
    return Optional.of(jobs);
  }
}
