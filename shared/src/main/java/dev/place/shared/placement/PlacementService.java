package dev.place.shared.placement;

import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.canvas.Palette;
import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.event.PixelEventCodec;
import dev.place.shared.moderation.ProtectedAreas;
import dev.place.shared.protocol.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Places one pixel: checks, limits, cooldown claim, atomic tile write, event publication. A request
 * rejected at any step changes no canvas state; a placement acknowledged as placed is durable in
 * the tile journal even when the event log is unavailable.
 */
public final class PlacementService {

  private static final Logger LOG = LoggerFactory.getLogger(PlacementService.class);

  // The live size: the canvas can grow at runtime (dev.place.shared.resize).
  private final Supplier<CanvasGeometry> canvasSize;
  private final Duration cooldown;
  private final CanvasStore store;
  private final Cooldowns cooldowns;
  private final RateLimits limits;
  private final EventPublisher publisher;
  private final Duration publishTimeout;
  private final Clock clock;
  // In memory per process (LiveProtectedAreas): the check costs no round trip.
  private final Supplier<ProtectedAreas> protectedAreas;

  public PlacementService(
      CanvasGeometry canvas,
      Duration cooldown,
      CanvasStore store,
      Cooldowns cooldowns,
      RateLimits limits,
      EventPublisher publisher,
      Duration publishTimeout,
      Clock clock) {
    this(() -> canvas, cooldown, store, cooldowns, limits, publisher, publishTimeout, clock);
  }

  /** With a canvas size read per placement, so growth takes effect without a restart. */
  public PlacementService(
      Supplier<CanvasGeometry> canvasSize,
      Duration cooldown,
      CanvasStore store,
      Cooldowns cooldowns,
      RateLimits limits,
      EventPublisher publisher,
      Duration publishTimeout,
      Clock clock) {
    this(canvasSize, cooldown, store, cooldowns, limits, publisher, publishTimeout, clock, ProtectedAreas::none);
  }

  /** With the protected areas where placements are refused (docs/moderation.md). */
  public PlacementService(
      Supplier<CanvasGeometry> canvasSize,
      Duration cooldown,
      CanvasStore store,
      Cooldowns cooldowns,
      RateLimits limits,
      EventPublisher publisher,
      Duration publishTimeout,
      Clock clock,
      Supplier<ProtectedAreas> protectedAreas) {
    this.protectedAreas = protectedAreas;
    this.canvasSize = canvasSize;
    this.cooldown = cooldown;
    this.store = store;
    this.cooldowns = cooldowns;
    this.limits = limits;
    this.publisher = publisher;
    this.publishTimeout = publishTimeout;
    this.clock = clock;
  }

  public PlacementOutcome place(String userId, String sourceIp, int x, int y, int colour) {
    CanvasGeometry canvas = canvasSize.get();
    if (!canvas.contains(x, y)) {
      return reject(ErrorCode.OUT_OF_BOUNDS,
          "(" + x + ", " + y + ") is outside the " + canvas.width() + "x" + canvas.height() + " canvas");
    }
    if (!Palette.isValid(colour)) {
      return reject(ErrorCode.INVALID_COLOR, "color must be 0 to " + (Palette.SIZE - 1) + ", got " + colour);
    }
    // Before the limits and the cooldown: a refused placement must not spend either.
    ProtectedAreas.Area area = protectedAreas.get().covering(x, y);
    if (area != null) {
      return reject(ErrorCode.AREA_PROTECTED,
          "(" + x + ", " + y + ") is in a protected area (" + area.region() + "); moderators refuse placements there");
    }
    long now = clock.millis();
    RateLimits.Exceeded exceeded = limits.count(sourceIp, now);
    if (exceeded != null) {
      return exceeded.scope() == RateLimits.Scope.SOURCE_IP
          ? retryLater(ErrorCode.IP_RATE_LIMITED, "too many placements from your address", exceeded.retryAfter(), now)
          : retryLater(ErrorCode.GLOBAL_RATE_LIMITED, "the canvas is busy; try again shortly", exceeded.retryAfter(), now);
    }
    String claimId = now + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    Duration window = cooldowns.windowFor(userId, cooldown);
    if (!window.isZero()) {
      Duration wait = cooldowns.claim(userId, claimId, window);
      if (!wait.isZero()) {
        return retryLater(ErrorCode.COOLDOWN, "you can place again in " + ceilSeconds(wait) + " s", wait, now);
      }
    }
    TileId tile = canvas.tileOf(x, y);
    long seq;
    try {
      seq = store.writePixel(tile, canvas.indexInTile(x, y), colour,
          PixelEventCodec.prefix(tile), PixelEventCodec.suffix(x, y, colour, userId, now));
    } catch (RuntimeException e) {
      if (!window.isZero()) {
        cooldowns.refund(userId, claimId);
      }
      throw new PlacementFailedException("the canvas store failed; nothing was placed", e);
    }
    PixelEvent event = new PixelEvent(tile, seq, x, y, colour, userId, now);
    // A late acknowledgement still trims the entry, well before the relay's grace: Kafka gets it once.
    boolean published = publisher.publish(tile, PixelEventCodec.encode(event), publishTimeout,
        () -> store.forgetJournaledLater(tile, seq));
    if (published) {
      try {
        store.forgetJournaledLater(tile, seq);
      } catch (RuntimeException e) {
        // Harmless: the relay publishes the entry again and every consumer is idempotent on (tile, seq).
        LOG.warn("could not trim journal entry {}#{}: {}", tile, seq, e.toString());
      }
    } else {
      LOG.warn("event log did not acknowledge {}#{} within {}; the journal relay will publish it", tile, seq, publishTimeout);
    }
    return new PlacementOutcome.Placed(event, now + window.toMillis(), published);
  }

  private static PlacementOutcome reject(ErrorCode code, String message) {
    return new PlacementOutcome.Rejected(code, message, null, 0);
  }

  private static PlacementOutcome retryLater(ErrorCode code, String message, Duration wait, long now) {
    return new PlacementOutcome.Rejected(code, message, wait, now + wait.toMillis());
  }

  private static long ceilSeconds(Duration d) {
    return (d.toMillis() + 999) / 1000;
  }
}
