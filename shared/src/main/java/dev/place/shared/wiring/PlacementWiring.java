package dev.place.shared.wiring;

import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.kafka.KafkaEventPublisher;
import dev.place.shared.moderation.LiveProtectedAreas;
import dev.place.shared.placement.PlacementService;
import dev.place.shared.redis.RedisCanvasStore;
import dev.place.shared.redis.RedisConnector;
import dev.place.shared.redis.RedisProtectedAreas;
import dev.place.shared.placement.Cooldowns;
import dev.place.shared.redis.RedisRateLimits;
import dev.place.shared.resize.LiveCanvas;
import java.time.Clock;

/**
 * The production placement path (Redis and Kafka), composed once for every deployable that places:
 * the {@code place} Lambda and the edge, so that both place with exactly the same parts.
 */
public final class PlacementWiring {

  private PlacementWiring() {}

  public static PlacementService placementService(PlaceConfig config, RedisConnector redis, Cooldowns cooldowns,
      LiveCanvas liveCanvas, KafkaEventPublisher events) {
    return new PlacementService(
        liveCanvas,
        config.cooldown(),
        new RedisCanvasStore(redis, new CanvasGeometry(config.canvasWidth(), config.canvasHeight(), config.tileSize())),
        cooldowns,
        new RedisRateLimits(redis, config.ipLimitPerMinute(), config.globalLimitPerSecond(), config.redisTimeout()),
        events,
        config.produceTimeout(),
        Clock.systemUTC(),
        LiveProtectedAreas.of(new RedisProtectedAreas(redis), config.tileSize()));
  }
}
