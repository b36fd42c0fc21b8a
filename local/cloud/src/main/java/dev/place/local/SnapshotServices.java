package dev.place.local;

import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.redis.RedisCanvasStore;
import dev.place.shared.redis.RedisConnector;
import dev.place.shared.resize.CanvasSizes;
import dev.place.shared.resize.LiveCanvas;
import dev.place.shared.snapshot.FileSnapshotStore;
import dev.place.shared.snapshot.RedisTileSource;
import dev.place.shared.snapshot.SnapshotPublisher;
import dev.place.shared.snapshot.SnapshotService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/** Builds the local cloud's snapshot publisher: Redis in, a directory served at /snapshots out. */
final class SnapshotServices {

  static final Duration INTERVAL = Duration.ofSeconds(1);

  private SnapshotServices() {}

  static SnapshotService local(PlaceConfig config, Path dir) {
    // Snapshots are derived from Redis, and the first pass republishes every painted tile. Starting
    // from an empty directory matters after --wipe: sequences restart at 1, and an old object with
    // the same name would otherwise be taken for the new version.
    deleteRecursively(dir);
    CanvasGeometry canvas = new CanvasGeometry(config.canvasWidth(), config.canvasHeight(), config.tileSize());
    RedisConnector redis = new RedisConnector(config);
    SnapshotPublisher publisher = new SnapshotPublisher(new RedisTileSource(redis, new RedisCanvasStore(redis, canvas)),
        new FileSnapshotStore(dir), LiveCanvas.of(canvas, new CanvasSizes(redis)));
    return new SnapshotService(publisher, INTERVAL, redis);
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear the snapshot directory " + dir, e);
    }
  }
}
