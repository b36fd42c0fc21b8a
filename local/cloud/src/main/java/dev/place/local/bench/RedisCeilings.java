package dev.place.local.bench;

import dev.place.shared.redis.RedisCanvasStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * What Redis alone can do on this machine, measured in the same run as the end-to-end figures: plain
 * {@code SET}s and the project's tile-write script ({@link RedisCanvasStore#writePixelScript()}),
 * each from this JVM over {@code connections} Lettuce connections, pipelined {@code PIPELINE}
 * commands deep (the project's Redis is the embedded-redis binary, which ships no
 * redis-benchmark). The script runs on keys of its own ({@code bench:{tile:..}}), deleted after.
 */
final class RedisCeilings {

  private static final int PIPELINE = 128;
  private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  record Ceiling(String what, double opsPerSecond, int connections, int pipeline) {}

  private RedisCeilings() {}

  static Ceiling rawSet(String redisUri, double seconds, int connections) throws Exception {
    byte[] value = "x".repeat(16).getBytes(StandardCharsets.US_ASCII);
    return run("SET (16-byte values, random keys of 100,000)", redisUri, seconds, connections, (redis, random) ->
        redis.set("bench:set:" + random.nextInt(100_000), value));
  }

  static Ceiling tileScript(String redisUri, double seconds, int connections, int tiles) throws Exception {
    String script = RedisCanvasStore.writePixelScript();
    String prefix = "{\"v\":1,\"tile\":\"3:4\",\"seq\":";
    String suffix = ",\"x\":812,\"y\":1105,\"color\":7,\"user\":\"guest-0f3c1a2b9d8e4f60\",\"at\":1764633600000}";
    byte[] prefixBytes = prefix.getBytes(StandardCharsets.UTF_8);
    byte[] suffixBytes = suffix.getBytes(StandardCharsets.UTF_8);
    String[] sha = new String[1];
    try (Redis r = new Redis(redisUri)) {
      sha[0] = r.commands.scriptLoad(script).get(10, TimeUnit.SECONDS);
    }
    try {
      return run("tile-write script (INCR + BITFIELD SET u4 + ZADD journal, EVALSHA)", redisUri, seconds, connections,
          (redis, random) -> {
            int tile = random.nextInt(tiles);
            String tag = "bench:{tile:" + tile + "}";
            return redis.evalsha(sha[0], ScriptOutputType.INTEGER,
                new String[] {tag + ":px", tag + ":seq", tag + ":journal"},
                Integer.toString(random.nextInt(65_536)).getBytes(StandardCharsets.US_ASCII),
                Integer.toString(random.nextInt(16)).getBytes(StandardCharsets.US_ASCII), prefixBytes, suffixBytes);
          });
    } finally {
      try (Redis r = new Redis(redisUri)) {
        List<String> keys = new ArrayList<>();
        for (int t = 0; t < tiles; t++) {
          String tag = "bench:{tile:" + t + "}";
          keys.addAll(List.of(tag + ":px", tag + ":seq", tag + ":journal"));
        }
        r.commands.del(keys.toArray(String[]::new)).get(30, TimeUnit.SECONDS);
        r.commands.eval("for _, k in ipairs(redis.call('KEYS', 'bench:set:*')) do redis.call('DEL', k) end return 0",
            ScriptOutputType.INTEGER, new String[0]).get(60, TimeUnit.SECONDS);
      }
    }
  }

  interface Command {
    RedisFuture<?> issue(RedisAsyncCommands<String, byte[]> redis, SplittableRandom random);
  }

  private static Ceiling run(String what, String redisUri, double seconds, int connections, Command command)
      throws Exception {
    List<Thread> threads = new ArrayList<>();
    long[] counts = new long[connections];
    Throwable[] failure = new Throwable[1];
    // Connecting (a Netty event loop per client) can take seconds on a loaded machine: the clock starts
    // once every connection is open, or the ceiling would count connect time as Redis's.
    long[] deadline = new long[1];
    long[] started = new long[1];
    java.util.concurrent.CyclicBarrier connected = new java.util.concurrent.CyclicBarrier(connections + 1, () -> {
      started[0] = System.nanoTime();
      deadline[0] = started[0] + (long) (seconds * 1e9);
    });
    for (int c = 0; c < connections; c++) {
      int index = c;
      Thread t = new Thread(() -> {
        try (Redis r = new Redis(redisUri)) {
          r.connection.setAutoFlushCommands(false);
          SplittableRandom random = new SplittableRandom(index);
          RedisFuture<?>[] batch = new RedisFuture<?>[PIPELINE];
          connected.await(60, TimeUnit.SECONDS);
          while (System.nanoTime() < deadline[0]) {
            for (int i = 0; i < PIPELINE; i++) {
              batch[i] = command.issue(r.commands, random);
            }
            r.connection.flushCommands();
            for (RedisFuture<?> f : batch) {
              f.get(10, TimeUnit.SECONDS);
            }
            counts[index] += PIPELINE;
          }
        } catch (Throwable e) {
          failure[0] = e;
        }
      }, "redis-ceiling-" + c);
      threads.add(t);
      t.start();
    }
    connected.await(60, TimeUnit.SECONDS);
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - started[0]) / 1e9;
    if (failure[0] != null) {
      throw new IllegalStateException(what + " failed", failure[0]);
    }
    long total = 0;
    for (long n : counts) {
      total += n;
    }
    return new Ceiling(what, total / elapsed, connections, PIPELINE);
  }

  private static final class Redis implements AutoCloseable {
    final RedisClient client;
    final StatefulRedisConnection<String, byte[]> connection;
    final RedisAsyncCommands<String, byte[]> commands;

    Redis(String uri) {
      client = RedisClient.create(uri);
      connection = client.connect(CODEC);
      commands = connection.async();
    }

    @Override
    public void close() {
      connection.close();
      client.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }
}
