package dev.place.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.local.LocalCloud;
import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.kafka.KafkaEventPublisher;
import dev.place.shared.placement.PlacementOutcome;
import dev.place.shared.placement.PlacementService;
import dev.place.shared.protocol.ErrorCode;
import dev.place.shared.redis.RedisCooldowns;
import dev.place.shared.redis.RedisKeys;
import dev.place.shared.redis.RedisRateLimits;
import java.time.Clock;
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

/**
 * The whole placement path (limits, cooldown claim, tile write, publish with the journal trimmed
 * without waiting) against the real Redis and Kafka, raced the way 64 concurrent {@code place}
 * environments race it: the throughput changes must not have traded the rules away.
 */
class RacingPlacementsIT {

  private static LocalCloud cloud;
  private static Stores stores;
  private static KafkaEventPublisher publisher;

  @BeforeAll
  static void start() {
    cloud = SharedCloud.get();
    stores = new Stores(cloud.config());
    publisher = new KafkaEventPublisher(cloud.config());
  }

  @AfterAll
  static void stop() {
    publisher.close();
    stores.close();
  }

  private static PlacementService service(Duration cooldown, int perIpPerMinute, int globalPerSecond) {
    return new PlacementService(stores.canvas, cooldown, stores.canvasStore, new RedisCooldowns(stores.redis),
        new RedisRateLimits(stores.redis, perIpPerMinute, globalPerSecond, Duration.ofSeconds(5)), publisher,
        Duration.ofSeconds(5), Clock.systemUTC());
  }

  private static List<PlacementOutcome> race(int placements, Callable<PlacementOutcome> placement) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      List<Callable<PlacementOutcome>> all = new ArrayList<>();
      for (int i = 0; i < placements; i++) {
        all.add(placement);
      }
      List<PlacementOutcome> outcomes = new ArrayList<>();
      for (Future<PlacementOutcome> f : pool.invokeAll(all)) {
        outcomes.add(f.get());
      }
      return outcomes;
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void oneUserRacingSixtyFourPlacementsPlacesExactlyOneAndTheTileMovesOnce() throws Exception {
    PlacementService placement = service(Duration.ofMinutes(5), 1_000_000, 1_000_000);
    String user = "it-race-" + UUID.randomUUID();
    int x = 5 * 256 + 17;
    int y = 3 * 256 + 40;
    TileId tile = stores.canvas.tileOf(x, y);
    long seqBefore = tileSeq(tile);

    List<PlacementOutcome> outcomes = race(64, () -> placement.place(user, "10.1.0.1", x, y, 9));

    List<PlacementOutcome.Placed> placed = outcomes.stream()
        .filter(PlacementOutcome.Placed.class::isInstance).map(PlacementOutcome.Placed.class::cast).toList();
    assertThat(placed).hasSize(1);
    assertThat(outcomes.stream().filter(o -> o instanceof PlacementOutcome.Rejected r && r.code() == ErrorCode.COOLDOWN))
        .hasSize(63);
    assertThat(tileSeq(tile)).isEqualTo(seqBefore + 1);
    PixelEvent event = placed.get(0).event();
    assertThat(stores.kafkaEvents(events -> events.contains(event), Duration.ofSeconds(30))).containsOnlyOnce(event);
    // Acknowledged, so the trim sent without waiting lands: nothing is left for the relay to republish.
    assertThat(Poll.until(() -> stores.canvasStore.journaled(tile, 1000), entries -> entries.stream()
        .noneMatch(e -> e.contains("\"seq\":" + event.seq() + ",")), Duration.ofSeconds(10)))
        .noneMatch(e -> e.contains("\"seq\":" + event.seq() + ","));
  }

  @Test
  void racingPlacementsFromOneAddressStopAtItsPerMinuteLimit() throws Exception {
    PlacementService placement = service(Duration.ZERO, 10, 1_000_000);
    String ip = "10.2." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250);

    List<PlacementOutcome> outcomes = race(40, () -> placement.place("it-ip-" + UUID.randomUUID(), ip, 4, 4, 3));

    long placed = outcomes.stream().filter(PlacementOutcome.Placed.class::isInstance).count();
    long limited = outcomes.stream()
        .filter(o -> o instanceof PlacementOutcome.Rejected r && r.code() == ErrorCode.IP_RATE_LIMITED).count();
    // A minute window can end mid-race, which lets at most one more window's worth through.
    assertThat(placed).isBetween(10L, 20L);
    assertThat(placed + limited).isEqualTo(40);
  }

  @Test
  void racingPlacementsStopAtTheGlobalLimit() throws Exception {
    PlacementService placement = service(Duration.ZERO, 1_000_000, 5);

    List<PlacementOutcome> outcomes = race(40,
        () -> placement.place("it-global-" + UUID.randomUUID(), "10.3.0." + (int) (Math.random() * 250), 6, 6, 1));

    long placed = outcomes.stream().filter(PlacementOutcome.Placed.class::isInstance).count();
    long limited = outcomes.stream()
        .filter(o -> o instanceof PlacementOutcome.Rejected r && r.code() == ErrorCode.GLOBAL_RATE_LIMITED).count();
    // Other tests place too and a one-second window can roll over mid-race: never more than two windows.
    assertThat(placed).isBetween(0L, 10L);
    assertThat(placed + limited).isEqualTo(40);
  }

  private static long tileSeq(TileId tile) {
    byte[] seq = stores.redis.sync().get(RedisKeys.tileSeq(tile));
    return seq == null ? 0 : Long.parseLong(new String(seq, java.nio.charset.StandardCharsets.US_ASCII));
  }
}
