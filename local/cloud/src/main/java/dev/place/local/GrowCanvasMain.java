package dev.place.local;

import dev.place.shared.config.PlaceConfig;
import dev.place.shared.redis.RedisConnector;
import dev.place.shared.resize.CanvasSizes;
import java.util.HashMap;
import java.util.Map;

/**
 * Admin command: {@code local/grow-canvas WIDTH HEIGHT}. Stores the new size in Redis; placement
 * accepts the new area within a second, and the fanout tells connected clients with a
 * {@code resize} message within a few. Only growth: a smaller dimension keeps its current value.
 * Talks to the Redis of {@code PLACE_REDIS_URI} (default: the local cloud's).
 */
public final class GrowCanvasMain {

  private GrowCanvasMain() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: local/grow-canvas WIDTH HEIGHT   (e.g. 3000 3000; the canvas only grows)");
      System.exit(2);
    }
    Map<String, String> env = new HashMap<>(System.getenv());
    env.putIfAbsent("PLACE_REDIS_URI", "redis://127.0.0.1:" + LocalCloudSettings.DEFAULT_REDIS_PORT);
    PlaceConfig config = PlaceConfig.from(env::get);
    try (RedisConnector redis = new RedisConnector(config)) {
      CanvasSizes.Size size = new CanvasSizes(redis).grow(Integer.parseInt(args[0]), Integer.parseInt(args[1]));
      System.out.println("canvas is now " + size.width() + "x" + size.height());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    }
  }
}
