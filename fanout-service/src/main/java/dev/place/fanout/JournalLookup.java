package dev.place.fanout;

import dev.place.shared.canvas.TileId;
import dev.place.shared.event.MalformedEventException;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.event.PixelEventCodec;
import dev.place.shared.redis.RedisConnector;
import dev.place.shared.redis.RedisKeys;
import io.lettuce.core.Range;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Finds placements that are missing from the event log in their tile's journal: the placement script
 * journals every event atomically with its pixel, and the entry stays until the event is known to be
 * in Kafka. One {@code ZRANGEBYSCORE} on the tile's slot per gap, asynchronous, so a slow Redis never
 * holds up the interval.
 */
interface JournalLookup {

  /** The journaled events of {@code tile} with sequences in {@code fromSeq..toSeq}; may be fewer. */
  CompletionStage<List<PixelEvent>> find(TileId tile, long fromSeq, long toSeq);

  /** Never finds anything: gaps wait until they give up. */
  JournalLookup NONE = (tile, from, to) -> CompletableFuture.completedFuture(List.of());

  static JournalLookup of(RedisConnector redis) {
    return (tile, fromSeq, toSeq) -> redis.async()
        .zrangebyscore(RedisKeys.tileJournal(tile), Range.create(fromSeq, toSeq))
        .thenApply(entries -> {
          List<PixelEvent> events = new ArrayList<>(entries.size());
          for (byte[] entry : entries) {
            try {
              PixelEvent event = PixelEventCodec.decode(entry);
              if (event.tile().equals(tile)) {
                events.add(event);
              }
            } catch (MalformedEventException e) {
              // The relay logs unreadable entries; here one only means that gap waits for its give-up.
            }
          }
          return events;
        });
  }
}
