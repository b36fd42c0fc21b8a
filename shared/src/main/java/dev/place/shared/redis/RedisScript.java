package dev.place.shared.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A Lua script run by its SHA, loaded on first use on each node (EVALSHA, then EVAL on NOSCRIPT). */
final class RedisScript {

  private final String source;
  private final String sha;
  private final ScriptOutputType output;

  RedisScript(String source, ScriptOutputType output) {
    this.source = source;
    this.output = output;
    try {
      this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every JDK", e);
    }
  }

  <T> T run(RedisClusterCommands<String, byte[]> redis, String[] keys, byte[]... args) {
    try {
      return redis.evalsha(sha, output, keys, args);
    } catch (RedisNoScriptException e) {
      return redis.eval(source, output, keys, args);
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] utf8(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }
}
