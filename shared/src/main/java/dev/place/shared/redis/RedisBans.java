package dev.place.shared.redis;

import dev.place.shared.moderation.Ban;
import dev.place.shared.moderation.Bans;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Bans as Redis hashes, {@code place:ban:{<user>}} = {since, until, reason, moderator}, hash-tagged
 * per user like the user's other keys. A ban with an end expires at that end by itself
 * ({@code PEXPIREAT}), so an expired ban costs nothing and needs no sweep; {@link #inForce} also
 * checks the end, so a ban never outlives it by the expiry's lag.
 */
public final class RedisBans implements Bans {

  // Replace in one step: a concurrent reader sees the old ban or the new one, never a mix of fields.
  private static final String PUT = """
      redis.call('DEL', KEYS[1])
      redis.call('HSET', KEYS[1], 'since', ARGV[1], 'until', ARGV[2], 'reason', ARGV[3], 'moderator', ARGV[4])
      if tonumber(ARGV[2]) > 0 then redis.call('PEXPIREAT', KEYS[1], ARGV[2]) end
      return 1
      """;
  // Read and delete in one step, so the answer names exactly the ban that was lifted.
  private static final String LIFT = """
      local fields = redis.call('HGETALL', KEYS[1])
      redis.call('DEL', KEYS[1])
      return fields
      """;

  private final RedisClusterCommands<String, byte[]> redis;
  private final RedisClusterAsyncCommands<String, byte[]> async;

  public RedisBans(RedisConnector connector) {
    this.redis = connector.sync();
    this.async = connector.async();
  }

  static String key(String userId) {
    return "place:ban:{" + userId + "}";
  }

  @Override
  public Ban inForce(String userId, long nowMillis) {
    Map<String, byte[]> fields = redis.hgetall(key(userId));
    Ban ban = fields.isEmpty() ? null : ban(userId, fields);
    return ban != null && ban.inForceAt(nowMillis) ? ban : null;
  }

  /** One non-blocking {@code HGETALL}: the edge asks it for every ticket it redeems. */
  @Override
  public CompletionStage<Ban> inForceAsync(String userId, long nowMillis) {
    return async.hgetall(key(userId)).thenApply(fields -> {
      Ban ban = fields == null || fields.isEmpty() ? null : ban(userId, fields);
      return ban != null && ban.inForceAt(nowMillis) ? ban : null;
    });
  }

  @Override
  public void put(Ban ban) {
    redis.eval(PUT, ScriptOutputType.INTEGER, new String[] {key(ban.userId())},
        utf8(Long.toString(ban.sinceMillis())), utf8(Long.toString(ban.untilMillis())), utf8(ban.reason()),
        utf8(ban.moderator() == null ? "" : ban.moderator()));
  }

  @Override
  public Ban lift(String userId) {
    List<byte[]> flat = redis.eval(LIFT, ScriptOutputType.MULTI, new String[] {key(userId)});
    if (flat == null || flat.isEmpty()) {
      return null;
    }
    Map<String, byte[]> fields = new java.util.HashMap<>();
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      fields.put(new String(flat.get(i), StandardCharsets.UTF_8), flat.get(i + 1));
    }
    return ban(userId, fields);
  }

  private static Ban ban(String userId, Map<String, byte[]> fields) {
    return new Ban(userId, number(fields.get("since")), number(fields.get("until")), text(fields.get("reason")),
        text(fields.get("moderator")));
  }

  private static long number(byte[] value) {
    return value == null ? 0 : Long.parseLong(new String(value, StandardCharsets.US_ASCII));
  }

  private static String text(byte[] value) {
    return value == null ? "" : new String(value, StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
