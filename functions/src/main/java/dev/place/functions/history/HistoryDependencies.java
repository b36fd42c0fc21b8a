package dev.place.functions.history;

import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.history.CassandraSessions;
import dev.place.shared.history.TileHistory;
import dev.place.shared.timelapse.LocalTimelapseJobs;
import dev.place.shared.timelapse.TimelapseJobs;
import java.util.Optional;

/**
 * The clients of the history read functions, created on first use per execution environment (like
 * {@code dev.place.functions.Dependencies}, which the write path uses).
 */
final class HistoryDependencies {

  private static volatile HistoryDependencies instance;

  private final PlaceConfig config;
  private TileHistory history;

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

  CanvasGeometry canvas() {
    return new CanvasGeometry(config.canvasWidth(), config.canvasHeight(), config.tileSize());
  }

  synchronized TileHistory history() {
    if (history == null) {
      history = new TileHistory(CassandraSessions.open(config), config.tileSize());
    }
    return history;
  }

  /**
   * The job runner: the local cloud installs its in-process runner. In AWS the Lambda/ECS dispatcher
   * goes here (docs/history.md, "In AWS"); until it exists, timelapse routes answer 503.
   */
  Optional<TimelapseJobs> jobs() {
    return LocalTimelapseJobs.installed().map(j -> j);
  }
}
