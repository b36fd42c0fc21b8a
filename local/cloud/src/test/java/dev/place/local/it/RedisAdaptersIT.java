package dev.place.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.local.LocalCloud;
import dev.place.shared.canvas.TileCodec;
import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.event.PixelEventCodec;
import dev.place.shared.placement.RateLimits;
import dev.place.shared.redis.RedisCooldowns;
import dev.place.shared.redis.RedisRateLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Redis adapters against the real server the local cloud runs. */
class RedisAdaptersIT {

  private static LocalCloud cloud;
  private static Stores stores;

  @BeforeAll
  static void start() {
    cloud = SharedCloud.get();
    stores = new Stores(cloud.config());
  }

  @AfterAll
  static void stop() {
    stores.close();
  }

  @Test
  void theTileStringThatBitfieldWritesIsTheCodecsEncoding() {
    TileId tile = new TileId(7, 0);
    int[] indexes = {0, 1, 2, 255, 256, 65_534, 65_535};
    for (int i = 0; i < indexes.length; i++) {
      int x = 7 * 256 + indexes[i] % 256;
      int y = indexes[i] / 256;
      stores.canvasStore.writePixel(tile, indexes[i], 15 - i,
          PixelEventCodec.prefix(tile), PixelEventCodec.suffix(x, y, 15 - i, "it-codec", System.currentTimeMillis()));
    }
    byte[] raw = stores.redis.sync().get(dev.place.shared.redis.RedisKeys.tilePixels(tile));
    assertThat(raw).hasSize(stores.canvas.tileBytes());
    for (int i = 0; i < indexes.length; i++) {
      assertThat(TileCodec.get(raw, indexes[i])).as("pixel %d", indexes[i]).isEqualTo(15 - i);
    }
    assertThat(TileCodec.get(raw, 3)).isZero();
  }

  @Test
  void concurrentCooldownClaimsForOneUserHaveExactlyOneWinner() throws Exception {
    RedisCooldowns cooldowns = new RedisCooldowns(stores.redis);
    String user = "it-" + UUID.randomUUID();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Callable<Duration>> claims = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        String claimId = "claim-" + i;
        claims.add(() -> cooldowns.claim(user, claimId, Duration.ofMinutes(5)));
      }
      long winners = 0;
      for (Future<Duration> f : pool.invokeAll(claims)) {
        if (f.get().isZero()) {
          winners++;
        } else {
          assertThat(f.get()).isBetween(Duration.ofSeconds(290), Duration.ofMinutes(5));
        }
      }
      assertThat(winners).isEqualTo(1);
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void aRefundOnlyGivesBackTheClaimItWasFor() {
    RedisCooldowns cooldowns = new RedisCooldowns(stores.redis);
    String user = "it-" + UUID.randomUUID();
    assertThat(cooldowns.claim(user, "mine", Duration.ofMinutes(5))).isZero();
    cooldowns.refund(user, "someone-else");
    assertThat(cooldowns.remaining(user)).isPositive();
    cooldowns.refund(user, "mine");
    assertThat(cooldowns.remaining(user)).isZero();
    assertThat(cooldowns.claim(user, "again", Duration.ofMinutes(5))).isZero();
  }

  @Test
  void anAddressOverItsPerMinuteLimitIsToldWhenTheWindowEnds() {
    RedisRateLimits limits = new RedisRateLimits(stores.redis, 3, 1_000_000, Duration.ofSeconds(2));
    String ip = "198.51.100." + (int) (Math.random() * 250);
    long now = System.currentTimeMillis();
    long windowStart = now - now % 60_000;
    String unique = ip + "-" + UUID.randomUUID();
    for (int i = 0; i < 3; i++) {
      assertThat(limits.count(unique, windowStart + 1000)).isNull();
    }
    RateLimits.Exceeded exceeded = limits.count(unique, windowStart + 1000);
    assertThat(exceeded.scope()).isEqualTo(RateLimits.Scope.SOURCE_IP);
    assertThat(exceeded.retryAfter()).isEqualTo(Duration.ofSeconds(59));
    assertThat(limits.count(unique, windowStart + 60_000)).as("next window").isNull();
  }

  @Test
  void theGlobalLimitCountsEveryAddressTogether() {
    RedisRateLimits limits = new RedisRateLimits(stores.redis, 1_000_000, 5, Duration.ofSeconds(2));
    long second = (System.currentTimeMillis() / 1000 + 3600) * 1000;
    RateLimits.Exceeded last = null;
    for (int i = 0; i < 6; i++) {
      last = limits.count("203.0.113." + i, second + 100);
    }
    assertThat(last).isNotNull();
    assertThat(last.scope()).isEqualTo(RateLimits.Scope.GLOBAL);
    assertThat(last.retryAfter()).isEqualTo(Duration.ofMillis(900));
  }

  @Test
  void aConnectionOverItsMessageLimitIsToldWhenTheWindowEndsAndOtherConnectionsCountOnTheirOwn() {
    var limit = new dev.place.shared.redis.RedisMessageLimit(stores.redis, 3, Duration.ofSeconds(10));
    var connection = connection("it-msgs-" + UUID.randomUUID());
    var other = connection("it-msgs-" + UUID.randomUUID());
    long window = (System.currentTimeMillis() / 10_000 + 360) * 10_000; // a window of its own, an hour ahead
    for (int i = 0; i < 3; i++) {
      assertThat(limit.count(connection, window + 1_000)).isNull();
    }
    assertThat(limit.count(connection, window + 1_000)).isEqualTo(Duration.ofSeconds(9));
    assertThat(limit.count(other, window + 1_000)).isNull();
    assertThat(limit.count(connection, window + 10_000)).as("next window").isNull();
    assertThat(stores.redis.sync().pttl("place:msgs:{" + connection.connectionId() + "}:" + (window / 10_000)))
        .as("the counter expires by itself").isBetween(1L, 20_000L);
  }

  @Test
  void aBanIsReadWithoutBlockingForTheEdge() throws Exception {
    var bans = new dev.place.shared.redis.RedisBans(stores.redis);
    String user = "u-it-async-ban-" + UUID.randomUUID();
    long now = System.currentTimeMillis();
    var ban = new dev.place.shared.moderation.Ban(user, now, now + 60_000, "spam", "u-mod");
    assertThat(bans.inForceAsync(user, now).toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS)).isNull();
    bans.put(ban);
    assertThat(bans.inForceAsync(user, now + 1).toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(ban);
    assertThat(bans.inForceAsync(user, now + 60_000).toCompletableFuture().get(5, java.util.concurrent.TimeUnit.SECONDS))
        .as("ended").isNull();
    bans.lift(user);
  }

  @Test
  void challengeCountersCountPlacementsAndAPassIsOncePerChallengeAndStartsTheCountAgain() {
    var counters = new dev.place.shared.redis.RedisChallengeCounters(stores.redis);
    String user = "u-it-challenge-" + UUID.randomUUID();
    assertThat(counters.placementsSincePassed(user)).isZero();
    counters.countPlacement(user);
    counters.countPlacement(user);
    assertThat(counters.placementsSincePassed(user)).isEqualTo(2);
    assertThat(stores.redis.sync().pttl("place:challenge:{" + user + "}")).as("forgotten a day after").isBetween(1L, 86_400_000L);

    assertThat(counters.pass(user, "16.1.abc.sig", 60_000)).isTrue();
    assertThat(counters.placementsSincePassed(user)).isZero();
    assertThat(counters.pass(user, "16.1.abc.sig", 60_000)).as("used").isFalse();
    assertThat(counters.pass(user, "16.1.abd.sig", 60_000)).as("another challenge").isTrue();
  }

  private static dev.place.shared.session.ConnectionState connection(String id) {
    return new dev.place.shared.session.ConnectionState() {
      @Override
      public String connectionId() {
        return id;
      }

      @Override
      public String userId() {
        return "u";
      }

      @Override
      public String sourceIp() {
        return "127.0.0.1";
      }

      @Override
      public void setEncoding(dev.place.shared.delivery.Encoding encoding) {}

      @Override
      public void subscribe(dev.place.shared.delivery.Subscription subscription) {}
    };
  }

  @Test
  void aPlacementJournaledButNeverPublishedIsRelayedToKafkaAndHistory() throws Exception {
    // What a handler leaves behind when Kafka was unreachable (or it died) right after the Redis write.
    TileId tile = new TileId(2, 7);
    int x = 2 * 256 + 9;
    int y = 7 * 256 + 4;
    long placedAt = System.currentTimeMillis() - 60_000;
    long seq = stores.canvasStore.writePixel(tile, stores.canvas.indexInTile(x, y), 12,
        PixelEventCodec.prefix(tile), PixelEventCodec.suffix(x, y, 12, "it-journal", placedAt));
    assertThat(stores.canvasStore.journaled(tile, 10)).hasSize(1);

    List<PixelEvent> kafka = stores.kafkaEvents(
        events -> events.stream().anyMatch(e -> e.tile().equals(tile) && e.seq() == seq), Duration.ofSeconds(30));
    assertThat(kafka).contains(new PixelEvent(tile, seq, x, y, 12, "it-journal", placedAt));
    assertThat(Poll.until(() -> stores.history.pixel(x, y, tile, 5), rows -> !rows.isEmpty(), Duration.ofSeconds(30)))
        .extracting(PixelEvent::seq).contains(seq);
    assertThat(Poll.until(() -> stores.canvasStore.journaled(tile, 10), List::isEmpty, Duration.ofSeconds(10))).isEmpty();
  }

  @Test
  void aBanIsOneHashPerUserThatExpiresAtTheBansEndAndLiftingReturnsIt() {
    var bans = new dev.place.shared.redis.RedisBans(stores.redis);
    String user = "u-it-ban-" + UUID.randomUUID();
    long now = System.currentTimeMillis();
    var ban = new dev.place.shared.moderation.Ban(user, now, now + 60_000, "spam | with a bar", "u-mod");

    bans.put(ban);

    assertThat(bans.inForce(user, now + 1)).isEqualTo(ban);
    assertThat(bans.inForce(user, now + 60_000)).as("ended, even before Redis evicts it").isNull();
    assertThat(stores.redis.sync().pttl("place:ban:{" + user + "}")).isBetween(1L, 60_000L);
    var forever = new dev.place.shared.moderation.Ban(user, now, 0, "raid", "u-admin");
    bans.put(forever);
    assertThat(stores.redis.sync().pttl("place:ban:{" + user + "}")).as("a ban until lifted never expires").isEqualTo(-1L);
    assertThat(bans.lift(user)).isEqualTo(forever);
    assertThat(bans.lift(user)).isNull();
    assertThat(bans.inForce(user, now)).isNull();
  }

  @Test
  void protectedAreasMoveTheirVersionAtEveryChangeAndRoundTripTheirFields() {
    var store = new dev.place.shared.redis.RedisProtectedAreas(stores.redis);
    long version = store.version();
    var area = new dev.place.shared.moderation.ProtectedAreas.Area("area-it-" + UUID.randomUUID(),
        new dev.place.shared.timelapse.Region(3, 4, 5, 6), "memorial | keep", "u-mod", 1_234);

    assertThat(store.add(area)).isTrue();
    assertThat(store.version()).isEqualTo(version + 1);
    assertThat(store.all()).contains(area);
    assertThat(store.remove(area.id())).isEqualTo(area);
    assertThat(store.remove(area.id())).isNull();
    assertThat(store.version()).as("a remove of nothing moves nothing").isEqualTo(version + 2);
  }
}
