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
import dev.place.shared.config.SecretValues;
import dev.place.shared.moderation.ChallengeGate;
import dev.place.shared.moderation.ProofOfWorkChallenge;
import dev.place.shared.redis.RedisChallengeCounters;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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

  /**
   * The challenge hook (docs/moderation.md, Anti-abuse), or null when it is off. Challenges are
   * signed with a key derived from the token secret, so every process verifies any process's.
   */
  public static ChallengeGate challengeGate(PlaceConfig config, RedisConnector redis) {
    PlaceConfig.AntiAbuse antiAbuse = config.antiAbuse();
    if (!antiAbuse.challenges()) {
      return null;
    }
    byte[] key;
    try {
      key = MessageDigest.getInstance("SHA-256").digest(
          ("placement-challenge\n" + SecretValues.tokenSecret(config)).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
    long validMillis = antiAbuse.challengeTtl().toMillis();
    return new ChallengeGate(new ProofOfWorkChallenge(key, antiAbuse.challengeBits(), validMillis),
        new RedisChallengeCounters(redis), antiAbuse.challengeEvery(), validMillis);
  }
}
