package dev.place.shared.redis;

import static dev.place.shared.redis.RedisScript.utf8;

import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.canvas.TileCodec;
import dev.place.shared.canvas.TileId;
import dev.place.shared.placement.CanvasStore;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The canvas in Redis: per tile a 4-bit BITFIELD string, a sequence counter and a journal (a sorted
 * set scored by sequence whose members are the exact event records), all under the tile's hash tag.
 */
public final class RedisCanvasStore implements CanvasStore {

  /** KEYS pixels, seq, journal; ARGV index in tile, colour, event prefix, event suffix. Returns the sequence. */
  static final String WRITE_PIXEL_SOURCE = """
      local seq = redis.call('INCR', KEYS[2])
      redis.call('BITFIELD', KEYS[1], 'SET', 'u4', '#' .. ARGV[1], ARGV[2])
      redis.call('ZADD', KEYS[3], seq, ARGV[3] .. seq .. ARGV[4])
      return seq
      """;
  private static final RedisScript WRITE_PIXEL = new RedisScript(WRITE_PIXEL_SOURCE, ScriptOutputType.INTEGER);

  /** The tile-write script's source, for benchmarks that measure its raw ceiling on Redis. */
  public static String writePixelScript() {
    return WRITE_PIXEL_SOURCE;
  }

  private static final RedisScript SNAPSHOT = new RedisScript("""
      return {redis.call('GET', KEYS[1]) or '', redis.call('GET', KEYS[2]) or '0'}
      """, ScriptOutputType.MULTI);

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RedisCanvasStore.class);

  private final RedisClusterCommands<String, byte[]> redis;
  private final io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands<String, byte[]> async;
  private final CanvasGeometry canvas;

  public RedisCanvasStore(RedisConnector connector, CanvasGeometry canvas) {
    this.redis = connector.sync();
    this.async = connector.async();
    this.canvas = canvas;
  }

  @Override
  public long writePixel(TileId tile, int indexInTile, int colour, String eventPrefix, String eventSuffix) {
    Long seq = WRITE_PIXEL.run(redis,
        new String[] {RedisKeys.tilePixels(tile), RedisKeys.tileSeq(tile), RedisKeys.tileJournal(tile)},
        utf8(indexInTile), utf8(colour), utf8(eventPrefix), utf8(eventSuffix));
    return seq;
  }

  @Override
  public void forgetJournaled(TileId tile, long seq) {
    redis.zremrangebyscore(RedisKeys.tileJournal(tile), Range.create(seq, seq));
  }

  /** Sent on the shared connection and not awaited: the placement answers without this round trip. */
  @Override
  public void forgetJournaledLater(TileId tile, long seq) {
    async.zremrangebyscore(RedisKeys.tileJournal(tile), Range.create(seq, seq)).whenComplete((removed, failure) -> {
      if (failure != null) {
        // Harmless: the relay publishes the entry again and every consumer is idempotent on (tile, seq).
        LOG.warn("could not trim journal entry {}#{}: {}", tile, seq, failure.toString());
      }
    });
  }

  @Override
  public TileSnapshot snapshot(TileId tile) {
    List<Object> both = SNAPSHOT.run(redis, new String[] {RedisKeys.tilePixels(tile), RedisKeys.tileSeq(tile)});
    byte[] pixels = (byte[]) both.get(0);
    long seq = Long.parseLong(new String((byte[]) both.get(1), StandardCharsets.US_ASCII));
    return new TileSnapshot(tile, seq, TileCodec.normalise(pixels.length == 0 ? null : pixels, canvas.tileBytes()));
  }

  /** Journal entries of the tile, oldest first, at most {@code limit}: the events not yet known to be in Kafka. */
  public List<String> journaled(TileId tile, int limit) {
    List<byte[]> raw = redis.zrangebyscore(RedisKeys.tileJournal(tile), Range.unbounded(),
        io.lettuce.core.Limit.create(0, limit));
    List<String> events = new ArrayList<>(raw.size());
    for (byte[] entry : raw) {
      events.add(new String(entry, StandardCharsets.UTF_8));
    }
    return events;
  }
}
