package dev.place.shared.redis;

import static dev.place.shared.redis.RedisScript.utf8;

import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.canvas.TileId;
import dev.place.shared.event.MalformedEventException;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.event.PixelEventCodec;
import dev.place.shared.placement.EventPublisher;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes journaled placements that the event log never acknowledged (Kafka was down, or the
 * handler died between the Redis write and the publish). Entries younger than {@code grace} are
 * left to their handler. One relay runs at a time, under a lease.
 *
 * <p>Kafka holds each entry once: {@code grace} must exceed the producer's delivery timeout
 * ({@code KafkaSettings.deliveryTimeout}, the produce timeout + linger), so an entry the relay sees is
 * one whose handler's send has settled, and a send acknowledged after its waiter gave up trims the
 * entry itself (the late acknowledgement). After a publish of its own fails, the relay waits
 * {@code grace} before trying again, for the same reason: its failed send may still be in flight.
 */
public final class JournalRelay {

  private static final Logger LOG = LoggerFactory.getLogger(JournalRelay.class);
  private static final int PAGE = 500;
  private static final RedisScript RENEW_IF_MINE = new RedisScript("""
      if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
      return 0
      """, ScriptOutputType.INTEGER);

  private final RedisClusterCommands<String, byte[]> redis;
  private final RedisCanvasStore store;
  private final EventPublisher publisher;
  private final java.util.function.Supplier<CanvasGeometry> canvas;
  private final String instanceId;
  private final Duration grace;
  private final Duration publishTimeout;
  private long quietUntilMillis;

  public JournalRelay(RedisConnector connector, RedisCanvasStore store, EventPublisher publisher,
      java.util.function.Supplier<CanvasGeometry> canvas, String instanceId, Duration grace, Duration publishTimeout) {
    this.redis = connector.sync();
    this.store = store;
    this.publisher = publisher;
    this.canvas = canvas;
    this.instanceId = instanceId;
    this.grace = grace;
    this.publishTimeout = publishTimeout;
  }

  /** One pass over every tile's journal. Returns how many entries were published. */
  public int relayOnce(long nowMillis) {
    if (nowMillis < quietUntilMillis || !holdLease()) {
      return 0;
    }
    int relayed = 0;
    // The live size: tiles of a canvas grown at runtime have journals too.
    for (TileId tile : canvas.get().allTiles()) {
      for (String entry : store.journaled(tile, PAGE)) {
        PixelEvent event;
        try {
          event = PixelEventCodec.decode(entry);
        } catch (MalformedEventException e) {
          LOG.error("unreadable journal entry in {}: {}", tile, e.getMessage());
          continue;
        }
        if (nowMillis - event.placedAtMillis() < grace.toMillis()) {
          break;
        }
        long seq = event.seq();
        if (!publisher.publish(tile, entry, publishTimeout, () -> store.forgetJournaledLater(tile, seq))) {
          quietUntilMillis = nowMillis + grace.toMillis();
          return relayed;
        }
        store.forgetJournaled(tile, seq);
        relayed++;
      }
    }
    if (relayed > 0) {
      LOG.info("relayed {} journaled placements to the event log", relayed);
    }
    return relayed;
  }

  private boolean holdLease() {
    long ttl = Math.max(10_000, grace.toMillis() * 3);
    if ("OK".equals(redis.set(RedisKeys.relayLease(), utf8(instanceId), SetArgs.Builder.nx().px(ttl)))) {
      return true;
    }
    Long renewed = RENEW_IF_MINE.run(redis, new String[] {RedisKeys.relayLease()}, utf8(instanceId), utf8(ttl));
    return renewed == 1;
  }
}
