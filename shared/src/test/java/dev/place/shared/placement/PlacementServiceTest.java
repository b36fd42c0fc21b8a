package dev.place.shared.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.canvas.TileCodec;
import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEventCodec;
import dev.place.shared.protocol.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PlacementServiceTest {

  private static final Duration COOLDOWN = Duration.ofMinutes(5);
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-28T08:00:00Z"), ZoneOffset.UTC);
  private final CanvasGeometry canvas = new CanvasGeometry(100, 100, 16);
  private final InMemoryCanvas store = new InMemoryCanvas(canvas);
  private final InMemoryCooldowns cooldowns = new InMemoryCooldowns();
  private final CountingLimits limits = new CountingLimits();
  private final RecordingPublisher publisher = new RecordingPublisher();
  private final PlacementService service =
      new PlacementService(canvas, COOLDOWN, store, cooldowns, limits, publisher, Duration.ofSeconds(1), clock);

  @Test
  void aPlacementWritesThePixelPublishesItsEventAndStartsTheCooldown() {
    PlacementOutcome outcome = service.place("alice", "203.0.113.7", 17, 3, 9);

    assertThat(outcome).isInstanceOfSatisfying(PlacementOutcome.Placed.class, placed -> {
      assertThat(placed.event().tile()).isEqualTo(new TileId(1, 0));
      assertThat(placed.event().seq()).isEqualTo(1);
      assertThat(placed.nextPlacementAtMillis()).isEqualTo(clock.millis() + COOLDOWN.toMillis());
      assertThat(placed.published()).isTrue();
    });
    assertThat(store.pixel(17, 3)).isEqualTo(9);
    assertThat(publisher.published).containsExactly(
        PixelEventCodec.encode(((PlacementOutcome.Placed) outcome).event()));
    assertThat(store.journal).isEmpty();
    assertThat(cooldowns.remaining("alice")).isEqualTo(COOLDOWN);
  }

  @Test
  void aGuestIsToldTheLongerWindowItClaimed() {
    Duration guestWindow = COOLDOWN.multipliedBy(3);
    PlacementService guests = new PlacementService(canvas, COOLDOWN, store,
        dev.place.shared.auth.GuestCooldowns.around(cooldowns, COOLDOWN, guestWindow), limits, publisher,
        Duration.ofSeconds(1), clock);

    PlacementOutcome outcome = guests.place("guest-g1", "10.0.0.1", 1, 1, 2);

    assertThat(outcome).isInstanceOfSatisfying(PlacementOutcome.Placed.class, placed ->
        assertThat(placed.nextPlacementAtMillis()).isEqualTo(clock.millis() + guestWindow.toMillis()));
    assertThat(cooldowns.claims).containsKey("guest-g1");
  }

  @Test
  void aSecondPlacementInsideTheCooldownIsRejectedWithRetryAfterAndChangesNothing() {
    service.place("alice", "ip", 1, 1, 1);
    PlacementOutcome second = service.place("alice", "ip", 2, 2, 2);

    assertThat(second).isInstanceOfSatisfying(PlacementOutcome.Rejected.class, r -> {
      assertThat(r.code()).isEqualTo(ErrorCode.COOLDOWN);
      assertThat(r.retryAfter()).isEqualTo(COOLDOWN);
      assertThat(r.retryAtMillis()).isEqualTo(clock.millis() + COOLDOWN.toMillis());
    });
    assertThat(store.pixel(2, 2)).isZero();
    assertThat(store.seq.get(new TileId(0, 0))).isEqualTo(1);
  }

  @Test
  void outOfRangeCoordinatesAndColoursAreRejectedBeforeAnyStateIsTouched() {
    assertThat(code(service.place("alice", "ip", 100, 0, 1))).isEqualTo(ErrorCode.OUT_OF_BOUNDS);
    assertThat(code(service.place("alice", "ip", 0, -1, 1))).isEqualTo(ErrorCode.OUT_OF_BOUNDS);
    assertThat(code(service.place("alice", "ip", 0, 0, 16))).isEqualTo(ErrorCode.INVALID_COLOR);
    assertThat(code(service.place("alice", "ip", 0, 0, -1))).isEqualTo(ErrorCode.INVALID_COLOR);
    assertThat(limits.counted).isZero();
    assertThat(cooldowns.claims).isEmpty();
    assertThat(store.seq).isEmpty();
  }

  @Test
  void aPlacementInAProtectedAreaIsRefusedWithAreaProtectedAndSpendsNeitherLimitNorCooldown() {
    var logo = new dev.place.shared.moderation.ProtectedAreas.Area("area-logo",
        new dev.place.shared.timelapse.Region(10, 10, 5, 5), "the event logo", "u-mod", 1);
    PlacementService guarded = new PlacementService(() -> canvas, COOLDOWN, store, cooldowns, limits, publisher,
        Duration.ofSeconds(1), clock, () -> dev.place.shared.moderation.ProtectedAreas.of(java.util.List.of(logo), 16));

    PlacementOutcome inside = guarded.place("alice", "ip", 14, 10, 3);

    assertThat(inside).isInstanceOfSatisfying(PlacementOutcome.Rejected.class, r -> {
      assertThat(r.code()).isEqualTo(ErrorCode.AREA_PROTECTED);
      assertThat(r.retryAfter()).isNull();
      assertThat(r.message()).contains("(14, 10)").contains("10,10,5x5").doesNotContain("logo");
    });
    assertThat(store.pixel(14, 10)).isZero();
    assertThat(store.seq).isEmpty();
    assertThat(publisher.published).isEmpty();
    assertThat(limits.counted).isZero();
    assertThat(cooldowns.claims).isEmpty();
    assertThat(guarded.place("alice", "ip", 15, 10, 3)).as("just outside").isInstanceOf(PlacementOutcome.Placed.class);
  }

  @Test
  void rateLimitVerdictsAreReportedWithTheirOwnCodesAndNoCooldownIsClaimed() {
    limits.verdict = new RateLimits.Exceeded(RateLimits.Scope.SOURCE_IP, Duration.ofSeconds(30));
    PlacementOutcome ip = service.place("alice", "ip", 0, 0, 1);
    limits.verdict = new RateLimits.Exceeded(RateLimits.Scope.GLOBAL, Duration.ofMillis(200));
    PlacementOutcome global = service.place("alice", "ip", 0, 0, 1);

    assertThat(code(ip)).isEqualTo(ErrorCode.IP_RATE_LIMITED);
    assertThat(((PlacementOutcome.Rejected) ip).retryAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(code(global)).isEqualTo(ErrorCode.GLOBAL_RATE_LIMITED);
    assertThat(cooldowns.claims).isEmpty();
    assertThat(store.seq).isEmpty();
  }

  @Test
  void aFailedCanvasWriteRefundsTheCooldown() {
    store.failWrites = true;
    assertThatThrownBy(() -> service.place("alice", "ip", 0, 0, 1)).isInstanceOf(PlacementFailedException.class);
    assertThat(cooldowns.remaining("alice")).isEqualTo(Duration.ZERO);
    assertThat(publisher.published).isEmpty();
  }

  @Test
  void anEventTheLogAcknowledgesAfterTheWaitEndedLeavesTheJournalSoTheRelayDoesNotRepublishIt() {
    publisher.available = false;
    service.place("alice", "ip", 5, 5, 4);
    assertThat(store.journal).hasSize(1);

    publisher.lateAcknowledgement.run(); // the producer's retry landed after the handler answered

    assertThat(store.journal).isEmpty();
  }

  @Test
  void whenTheEventLogIsDownThePlacementIsStillAcknowledgedAndStaysJournaled() {
    publisher.available = false;
    PlacementOutcome outcome = service.place("alice", "ip", 5, 5, 4);

    assertThat(outcome).isInstanceOfSatisfying(PlacementOutcome.Placed.class, p -> assertThat(p.published()).isFalse());
    assertThat(store.pixel(5, 5)).isEqualTo(4);
    assertThat(store.journal.values()).containsExactly(PixelEventCodec.encode(((PlacementOutcome.Placed) outcome).event()));
  }

  @Test
  void aZeroCooldownLetsUsersPlaceAgainAtOnce() {
    PlacementService noCooldown =
        new PlacementService(canvas, Duration.ZERO, store, cooldowns, limits, publisher, Duration.ofSeconds(1), clock);
    assertThat(noCooldown.place("alice", "ip", 0, 0, 1)).isInstanceOf(PlacementOutcome.Placed.class);
    assertThat(noCooldown.place("alice", "ip", 0, 0, 2)).isInstanceOf(PlacementOutcome.Placed.class);
    assertThat(store.pixel(0, 0)).isEqualTo(2);
  }

  private static ErrorCode code(PlacementOutcome outcome) {
    return ((PlacementOutcome.Rejected) outcome).code();
  }

  static final class InMemoryCanvas implements CanvasStore {
    final CanvasGeometry canvas;
    final Map<TileId, byte[]> tiles = new HashMap<>();
    final Map<TileId, Long> seq = new HashMap<>();
    final TreeMap<String, String> journal = new TreeMap<>();
    boolean failWrites;

    InMemoryCanvas(CanvasGeometry canvas) {
      this.canvas = canvas;
    }

    int pixel(int x, int y) {
      byte[] tile = tiles.get(canvas.tileOf(x, y));
      return tile == null ? 0 : TileCodec.get(tile, canvas.indexInTile(x, y));
    }

    @Override
    public long writePixel(TileId tile, int index, int colour, String prefix, String suffix) {
      if (failWrites) {
        throw new IllegalStateException("redis down");
      }
      long next = seq.merge(tile, 1L, Long::sum);
      TileCodec.set(tiles.computeIfAbsent(tile, t -> new byte[canvas.tileBytes()]), index, colour);
      journal.put(tile + "#" + next, prefix + next + suffix);
      return next;
    }

    @Override
    public void forgetJournaled(TileId tile, long s) {
      journal.remove(tile + "#" + s);
    }

    @Override
    public TileSnapshot snapshot(TileId tile) {
      return new TileSnapshot(tile, seq.getOrDefault(tile, 0L), tiles.getOrDefault(tile, new byte[canvas.tileBytes()]).clone());
    }
  }

  static final class InMemoryCooldowns implements Cooldowns {
    final Map<String, String> claims = new HashMap<>();

    @Override
    public Duration claim(String userId, String claimId, Duration cooldown) {
      if (claims.containsKey(userId)) {
        return cooldown;
      }
      claims.put(userId, claimId);
      return Duration.ZERO;
    }

    @Override
    public void refund(String userId, String claimId) {
      claims.remove(userId, claimId);
    }

    @Override
    public Duration remaining(String userId) {
      return claims.containsKey(userId) ? COOLDOWN : Duration.ZERO;
    }
  }

  static final class CountingLimits implements RateLimits {
    int counted;
    Exceeded verdict;

    @Override
    public Exceeded count(String sourceIp, long nowMillis) {
      counted++;
      return verdict;
    }
  }

  static final class RecordingPublisher implements EventPublisher {
    final List<String> published = new ArrayList<>();
    boolean available = true;

    Runnable lateAcknowledgement;

    @Override
    public boolean publish(TileId tile, String eventJson, Duration timeout) {
      if (available) {
        published.add(eventJson);
      }
      return available;
    }

    @Override
    public boolean publish(TileId tile, String eventJson, Duration timeout, Runnable lateAcknowledgement) {
      this.lateAcknowledgement = lateAcknowledgement;
      return publish(tile, eventJson, timeout);
    }
  }
}
