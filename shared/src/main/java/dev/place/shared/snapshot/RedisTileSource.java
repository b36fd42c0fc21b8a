package dev.place.shared.snapshot;

import dev.place.shared.canvas.TileId;
import dev.place.shared.placement.CanvasStore.TileSnapshot;
import dev.place.shared.redis.RedisCanvasStore;
import dev.place.shared.redis.RedisConnector;
import dev.place.shared.redis.RedisKeys;
import io.lettuce.core.RedisFuture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Tiles from Redis. Sequences are read with pipelined GETs (one key per slot, so this works on a
 * cluster too) and only tiles whose sequence moved are read in full.
 */
public final class RedisTileSource implements TileSource {

  private final RedisConnector redis;
  private final RedisCanvasStore canvas;

  public RedisTileSource(RedisConnector redis, RedisCanvasStore canvas) {
    this.redis = redis;
    this.canvas = canvas;
  }

  @Override
  public Map<TileId, Long> sequences(List<TileId> tiles) {
    List<RedisFuture<byte[]>> pending = new ArrayList<>(tiles.size());
    for (TileId tile : tiles) {
      pending.add(redis.async().get(RedisKeys.tileSeq(tile)));
    }
    Map<TileId, Long> sequences = new LinkedHashMap<>();
    try {
      for (int i = 0; i < tiles.size(); i++) {
        byte[] raw = pending.get(i).get(5, TimeUnit.SECONDS);
        sequences.put(tiles.get(i), raw == null ? 0L : Long.parseLong(new String(raw, StandardCharsets.US_ASCII)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading tile sequences", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("reading tile sequences failed: " + e, e);
    }
    return sequences;
  }

  @Override
  public TileSnapshot snapshot(TileId tile) {
    return canvas.snapshot(tile);
  }
}
