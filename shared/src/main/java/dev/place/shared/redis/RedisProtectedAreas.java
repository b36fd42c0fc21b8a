package dev.place.shared.redis;

import dev.place.shared.moderation.ProtectedAreaStore;
import dev.place.shared.moderation.ProtectedAreas;
import dev.place.shared.timelapse.Region;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Protected areas in Redis: the hash {@code place:{protected}:areas} (id → {@code x,y,w,h|since|moderator|reason})
 * and its version {@code place:{protected}:version}, one hash tag so that each change and its version
 * move together in one script. The whole set is a few hundred bytes per area and read only when the
 * version moved ({@link dev.place.shared.moderation.LiveProtectedAreas}).
 */
public final class RedisProtectedAreas implements ProtectedAreaStore {

  static final String AREAS = "place:{protected}:areas";
  static final String VERSION = "place:{protected}:version";

  // The limit is checked in the same step as the write, so concurrent adds cannot pass it together.
  private static final String ADD = """
      if redis.call('HLEN', KEYS[1]) >= tonumber(ARGV[3]) then return -1 end
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
      return redis.call('INCR', KEYS[2])
      """;
  private static final String REMOVE = """
      local area = redis.call('HGET', KEYS[1], ARGV[1])
      if not area then return false end
      redis.call('HDEL', KEYS[1], ARGV[1])
      redis.call('INCR', KEYS[2])
      return area
      """;

  private final RedisClusterCommands<String, byte[]> redis;

  public RedisProtectedAreas(RedisConnector connector) {
    this.redis = connector.sync();
  }

  @Override
  public long version() {
    byte[] value = redis.get(VERSION);
    return value == null ? 0 : Long.parseLong(new String(value, StandardCharsets.US_ASCII));
  }

  @Override
  public List<ProtectedAreas.Area> all() {
    List<ProtectedAreas.Area> areas = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : redis.hgetall(AREAS).entrySet()) {
      areas.add(decode(e.getKey(), new String(e.getValue(), StandardCharsets.UTF_8)));
    }
    areas.sort(java.util.Comparator.comparingLong(ProtectedAreas.Area::createdAtMillis).thenComparing(ProtectedAreas.Area::id));
    return areas;
  }

  @Override
  public boolean add(ProtectedAreas.Area area) {
    Long version = redis.eval(ADD, ScriptOutputType.INTEGER, new String[] {AREAS, VERSION},
        utf8(area.id()), utf8(encode(area)), utf8(Integer.toString(MAX_AREAS)));
    return version == null || version >= 0;
  }

  @Override
  public ProtectedAreas.Area remove(String id) {
    byte[] removed = redis.eval(REMOVE, ScriptOutputType.VALUE, new String[] {AREAS, VERSION}, utf8(id));
    return removed == null ? null : decode(id, new String(removed, StandardCharsets.UTF_8));
  }

  // The reason goes last: it is free text and may hold the separator; moderator ids never do.
  static String encode(ProtectedAreas.Area area) {
    Region r = area.region();
    return r.x() + "," + r.y() + "," + r.width() + "," + r.height() + "|" + area.createdAtMillis() + "|"
        + area.moderator() + "|" + area.reason();
  }

  static ProtectedAreas.Area decode(String id, String value) {
    String[] parts = value.split("\\|", 4);
    String[] rect = parts[0].split(",");
    return new ProtectedAreas.Area(id, new Region(Integer.parseInt(rect[0]), Integer.parseInt(rect[1]),
        Integer.parseInt(rect[2]), Integer.parseInt(rect[3])), parts.length > 3 ? parts[3] : "",
        parts.length > 2 ? parts[2] : "", parts.length > 1 ? Long.parseLong(parts[1]) : 0);
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
