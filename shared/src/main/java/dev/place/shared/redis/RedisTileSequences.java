package dev.place.shared.redis;

import dev.place.shared.canvas.TileId;
import dev.place.shared.timelapse.TileSequences;
import java.nio.charset.StandardCharsets;

/** The tiles' sequence numbers as Redis has them: the canvas's position that the history must reach. */
public final class RedisTileSequences implements TileSequences {

  private final RedisConnector redis;

  public RedisTileSequences(RedisConnector redis) {
    this.redis = redis;
  }

  @Override
  public long current(TileId tile) {
    byte[] value = redis.sync().get(RedisKeys.tileSeq(tile));
    return value == null ? 0 : Long.parseLong(new String(value, StandardCharsets.US_ASCII));
  }
}
