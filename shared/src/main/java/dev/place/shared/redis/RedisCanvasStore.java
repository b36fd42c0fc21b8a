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

  /**
   * KEYS pixels, seq, journal, last write; ARGV index in tile, colour, event prefix, event suffix.
   * Returns the sequence. The pixel's last-write sequence (u32, its low 32 bits) is recorded in the
   * same call: one more in-script command, no round trip.
   */
  static final String WRITE_PIXEL_SOURCE = """
      local seq = redis.call('INCR', KEYS[2])
      redis.call('BITFIELD', KEYS[1], 'SET', 'u4', '#' .. ARGV[1], ARGV[2])
      redis.call('BITFIELD', KEYS[4], 'SET', 'u32', '#' .. ARGV[1], seq % 4294967296)
      redis.call('ZADD', KEYS[3], seq, ARGV[3] .. seq .. ARGV[4])
      return seq
      """;
  private static final RedisScript WRITE_PIXEL = new RedisScript(WRITE_PIXEL_SOURCE, ScriptOutputType.INTEGER);

  /**
   * KEYS pixels, seq, journal, last write; ARGV event prefix, then per restore four values: index in
   * tile, colour, expected last-write sequence, event suffix. A restore is written (a new event with
   * the tile's next sequence, journaled like a placement) only when its pixel's last write is still
   * the expected one; 0 there means "not recorded" (a pixel untouched since the last-write key came
   * in, so nothing raced the plan on it). Returns per restore its new sequence, or 0 when skipped.
   */
  static final String WRITE_RESTORES_SOURCE = """
      local out = {}
      local n = (#ARGV - 1) / 4
      for i = 0, n - 1 do
        local index = ARGV[2 + 4 * i]
        local last = redis.call('BITFIELD', KEYS[4], 'GET', 'u32', '#' .. index)[1]
        local expected = tonumber(ARGV[4 + 4 * i]) % 4294967296
        if last == 0 or last == expected then
          local seq = redis.call('INCR', KEYS[2])
          redis.call('BITFIELD', KEYS[1], 'SET', 'u4', '#' .. index, ARGV[3 + 4 * i])
          redis.call('BITFIELD', KEYS[4], 'SET', 'u32', '#' .. index, seq % 4294967296)
          redis.call('ZADD', KEYS[3], seq, ARGV[1] .. seq .. ARGV[5 + 4 * i])
          out[i + 1] = seq
        else
          out[i + 1] = 0
        end
      end
      return out
      """;
  private static final RedisScript WRITE_RESTORES = new RedisScript(WRITE_RESTORES_SOURCE, ScriptOutputType.MULTI);

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
        new String[] {RedisKeys.tilePixels(tile), RedisKeys.tileSeq(tile), RedisKeys.tileJournal(tile),
            RedisKeys.tileLastWrite(tile)},
        utf8(indexInTile), utf8(colour), utf8(eventPrefix), utf8(eventSuffix));
    return seq;
  }

  /**
   * Writes the restores of one tile atomically, each only if its pixel's last write is still
   * {@code expectedSeqs[i]}, each as a journaled event {@code eventPrefix + seq + eventSuffixes[i]}.
   * Returns per restore the sequence it got, 0 for one skipped because a newer write raced it.
   */
  public long[] writeRestores(TileId tile, int[] indexes, int[] colours, long[] expectedSeqs, String eventPrefix,
      String[] eventSuffixes) {
    int n = indexes.length;
    if (colours.length != n || expectedSeqs.length != n || eventSuffixes.length != n) {
      throw new IllegalArgumentException("one colour, expected sequence and event suffix per restore");
    }
    byte[][] args = new byte[1 + 4 * n][];
    args[0] = utf8(eventPrefix);
    for (int i = 0; i < n; i++) {
      args[1 + 4 * i] = utf8(indexes[i]);
      args[2 + 4 * i] = utf8(colours[i]);
      args[3 + 4 * i] = utf8(expectedSeqs[i]);
      args[4 + 4 * i] = utf8(eventSuffixes[i]);
    }
    List<Object> written = WRITE_RESTORES.run(redis,
        new String[] {RedisKeys.tilePixels(tile), RedisKeys.tileSeq(tile), RedisKeys.tileJournal(tile),
            RedisKeys.tileLastWrite(tile)}, args);
    long[] seqs = new long[n];
    for (int i = 0; i < n; i++) {
      seqs[i] = (Long) written.get(i);
    }
    return seqs;
  }

  /** The low 32 bits of the sequence of the pixel's last write, 0 when none was recorded. */
  public long lastWrite(TileId tile, int indexInTile) {
    List<Long> got = redis.bitfield(RedisKeys.tileLastWrite(tile),
        io.lettuce.core.BitFieldArgs.Builder.get(io.lettuce.core.BitFieldArgs.unsigned(32), io.lettuce.core.BitFieldArgs.typeWidthBasedOffset(indexInTile)));
    return got.get(0) == null ? 0 : got.get(0);
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
