package dev.place.local.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.place.shared.auth.Role;
import dev.place.shared.auth.TokenService;
import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.canvas.TileCodec;
import dev.place.shared.canvas.TileId;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.event.PixelEventCodec;
import dev.place.shared.history.CassandraSessions;
import dev.place.shared.history.HistoryPlacementSource;
import dev.place.shared.kafka.KafkaEventPublisher;
import dev.place.shared.redis.RedisCanvasStore;
import dev.place.shared.redis.RedisConnector;
import dev.place.shared.redis.RedisRestoreWriter;
import dev.place.shared.redis.RedisTileSequences;
import dev.place.shared.timelapse.Region;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code local/bench-rollback} (issue 12): how long a large rollback takes end to end, and what it does
 * to ordinary placements on the same tiles while it runs. For each restore publishing mode (the
 * baseline first), a fresh local cloud in its own JVM ({@link BenchCloud}, with
 * {@code -Dplace.restorePublishing=MODE}); a rectangle filled with user placements through the tile
 * script and the log (as RollbackIT places, many threads, the log sends pipelined); the history writer
 * awaited until it holds them; then {@code POST /api/v1/mod/rollbacks} to a moment before the fill, and
 * {@code GET /api/v1/mod/actions/{id}} polled for progress until done. Meanwhile two probes place on the
 * rectangle's tiles and time every placement: WebSocket connections through the emulated API Gateway and
 * the {@code place} Lambda (place → placed), and a direct tile-script caller (the Redis round trip,
 * which a restore batch's script holds up). Their latencies are kept per phase: idle (before the
 * rollback), planning (history reads, nothing written yet) and writing (restore batches).
 */
public final class RollbackBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  record Options(int x, int y, int size, List<String> modes, int fillThreads, int sockets, int probePauseMillis,
      int idleSeconds, int basePort, boolean writeDocs, Path workDir, int actionTimeoutSeconds) {

    static Options parse(String[] args) {
      Map<String, String> o = new LinkedHashMap<>();
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("--no-docs")) {
          o.put(args[i], "true");
        } else if (args[i].startsWith("--") && i + 1 < args.length) {
          o.put(args[i], args[++i]);
        } else {
          throw new IllegalArgumentException("unknown argument " + args[i] + "; see local/bench-rollback --help");
        }
      }
      List<String> modes = List.of(o.getOrDefault("--modes", "one-by-one,pipelined").split(","));
      modes.forEach(RedisRestoreWriter.Publishing::parse); // a clear error before anything starts
      Options options = new Options(
          Integer.parseInt(o.getOrDefault("--x", "0")),
          Integer.parseInt(o.getOrDefault("--y", "0")),
          Integer.parseInt(o.getOrDefault("--size", "500")),
          modes.stream().map(String::trim).toList(),
          Integer.parseInt(o.getOrDefault("--fill-threads", "8")),
          Integer.parseInt(o.getOrDefault("--sockets", "4")),
          Integer.parseInt(o.getOrDefault("--probe-pause-ms", "10")),
          Integer.parseInt(o.getOrDefault("--idle-seconds", "10")),
          Integer.parseInt(o.getOrDefault("--base-port", "27000")),
          !o.containsKey("--no-docs"),
          Path.of(o.getOrDefault("--work-dir", "target/bench-rollback")),
          Integer.parseInt(o.getOrDefault("--action-timeout", "1800")));
      if (options.size() < 1 || options.x() < 0 || options.y() < 0 || options.x() + options.size() > 2000
          || options.y() + options.size() > 2000) {
        throw new IllegalArgumentException("the rectangle must lie on the 2000x2000 canvas");
      }
      return options;
    }
  }

  /** Where a probe placement was sent: before the rollback, while it plans, while it writes. */
  enum Phase { IDLE, PLANNING, WRITING }

  /** One progress poll: seconds since the POST, restores tried so far of the total (0 while planning). */
  record Progress(double seconds, String state, int done, int total) {}

  /** One mode's run. */
  record Result(String mode, int pixels, double fillSeconds, double historySeconds, double planningSeconds,
      double writingSeconds, double totalSeconds, String state, String error, int pixelsChanged, long skippedAsRaced,
      long batches, Map<Phase, LatencyHistogram> socketLatency, Map<Phase, LatencyHistogram> scriptLatency,
      Map<String, Long> socketErrors, long journalLeft, long leftColoured, long probePlacedAfter, double cloudCores,
      double engineCores, double loadStart, double loadEnd, List<Progress> progress, Preview preview,
      RedisHolds holds) {

    double restoresPerSecond() {
      return writingSeconds > 0 ? pixelsChanged / writingSeconds : Double.NaN;
    }
  }

  /** The moderator's preview of the same rollback, before it: HTTP status, seconds, pixels it would change. */
  record Preview(int status, double seconds, int pixelsChanged, String error) {}

  /**
   * How long Redis itself ran each command slower than 1 ms while the action ran (its SLOWLOG, which
   * times execution inside the server): the restore batches (recognised by their hundreds of arguments)
   * and everything else. Ordinary placements on a tile wait at most one such execution.
   */
  record RedisHolds(long[] restoreMicros, long[] otherMicros, boolean complete) {
    static long percentile(long[] sorted, double p) {
      return sorted.length == 0 ? 0 : sorted[(int) Math.max(0, Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
  }

  private final Options options;
  private DeliveryBenchmark.ServerProcess cloud;

  private RollbackBenchmark(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println("""
          local/bench-rollback [--size 500] [--x 0] [--y 0] [--modes one-by-one,pipelined] [--fill-threads 8]
                               [--sockets 4] [--probe-pause-ms 10] [--idle-seconds 10] [--action-timeout 1800]
                               [--base-port 27000] [--work-dir target/bench-rollback] [--no-docs]""");
      return;
    }
    RollbackBenchmark bench = new RollbackBenchmark(Options.parse(args));
    int status = 0;
    try {
      bench.run();
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    } finally {
      bench.stopCloud();
    }
    System.exit(status);
  }

  private void run() throws Exception {
    Files.createDirectories(options.workDir());
    List<Result> results = new ArrayList<>();
    for (String mode : options.modes()) {
      Result r = runMode(mode);
      results.add(r);
      System.out.println(RollbackReport.describe(r));
    }
    String report = RollbackReport.markdown(results, options);
    System.out.println();
    System.out.println(report);
    if (options.writeDocs()) {
      Path png = Path.of("docs", "rollback.png");
      RollbackReport.plot(results, options, png);
      RollbackReport.writeSection(Path.of("docs", "benchmarks.md"), report, LocalDate.now().toString());
      System.out.println("wrote docs/benchmarks.md (Large rollbacks) and " + png);
    }
  }

  private Result runMode(String mode) throws Exception {
    System.out.printf("%n== %s: starting a fresh local cloud in its own JVM...%n", mode);
    Path dir = options.workDir().resolve(mode);
    Files.createDirectories(dir);
    List<String> jvm = List.of("-Xms512m", "-Xmx1536m", "-D" + dev.place.local.LocalCloud.ENGINE_START_SECONDS + "=600",
        "-D" + RedisRestoreWriter.PUBLISHING_PROPERTY + "=" + mode);
    for (int attempt = 1; cloud == null; attempt++) {
      try {
        cloud = DeliveryBenchmark.ServerProcess.start("cloud", dir, List.of(System.getProperty("java.class.path")), jvm,
            "dev.place.local.bench.BenchCloud", List.of(dir.resolve("cloud").toString(), Integer.toString(options.basePort())));
      } catch (IllegalStateException e) {
        if (attempt == 3) {
          throw e;
        }
        System.out.println(e.getMessage() + "; trying again");
      }
    }
    URI cql = cloud.endpoint("cassandra");
    PlaceConfig config = PlaceConfig.from(Map.of(
        "PLACE_REDIS_URI", cloud.endpoint("redis").toString(),
        "PLACE_KAFKA_BOOTSTRAP", cloud.endpoint("kafka").getAuthority(),
        "PLACE_CASSANDRA_CONTACT_POINTS", cql.getHost() + ":" + cql.getPort(),
        "PLACE_CASSANDRA_LOCAL_DC", cql.getPath().substring(1),
        "PLACE_CASSANDRA_KEYSPACE", cloud.endpoint("keyspace").getAuthority(),
        "PLACE_PRODUCE_TIMEOUT_MS", "10000")::get);
    CanvasGeometry canvas = new CanvasGeometry(config.canvasWidth(), config.canvasHeight(), config.tileSize());
    Region area = new Region(options.x(), options.y(), options.size(), options.size());
    try (RedisConnector redis = new RedisConnector(config);
        KafkaEventPublisher log = new KafkaEventPublisher(config);
        CqlSession cassandra = CassandraSessions.open(config)) {
      RedisCanvasStore store = new RedisCanvasStore(redis, canvas);
      long to = System.currentTimeMillis();
      Thread.sleep(20);
      long fillStart = System.nanoTime();
      fill(store, log, canvas, area);
      double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
      int pixels = options.size() * options.size();
      System.out.printf("filled %,d pixels in %.1f s (%,.0f placements/s); waiting for the history writer...%n", pixels,
          fillSeconds, pixels / fillSeconds);
      long historyStart = System.nanoTime();
      new HistoryPlacementSource(cassandra, () -> canvas, new RedisTileSequences(redis), TimeUnit.MINUTES.toMillis(30))
          .awaitComplete(System.currentTimeMillis(), area);
      double historySeconds = (System.nanoTime() - historyStart) / 1e9;
      System.out.printf("history holds the fill after %.1f s (%,.0f events/s)%n", historySeconds, pixels / historySeconds);

      String moderator = new TokenService(PlaceConfig.LOCAL_TOKEN_SECRET, Duration.ofHours(4))
          .issue("bench-moderator", Role.MODERATOR, Instant.now()).token();
      Preview preview = preview(moderator, area, to);
      System.out.printf("preview: %d after %.1f s, %,d pixels would change %s%n", preview.status(), preview.seconds(),
          preview.pixelsChanged(), preview.error());

      Probes probes = new Probes(store, log, canvas, area);
      probes.start(cloud.endpoint("ws"), cloud.endpoint("http"));
      System.out.printf("probing placements idle for %d s...%n", options.idleSeconds());
      Thread.sleep(TimeUnit.SECONDS.toMillis(options.idleSeconds()));

      SlowLog slowLog = new SlowLog(cloud.endpoint("redis").toString());
      double loadStart = ProcStats.loadAverage();
      long cloudCpu = ProcStats.cpuNanos(cloud.pid());
      long engineCpu = ProcStats.descendantsCpuNanos(cloud.pid());
      probes.phase = Phase.PLANNING;
      long posted = System.nanoTime();
      String rollback = JSON.createObjectNode().put("x", area.x()).put("y", area.y()).put("w", area.width())
          .put("h", area.height()).put("to", to).put("reason", "bench-rollback " + mode).toString();
      HttpResponse<String> started = call("POST", "/api/v1/mod/rollbacks", moderator, rollback);
      // The one moderation environment may still be busy with a preview that ran out of time: retry a while.
      for (int attempt = 0; started.statusCode() >= 500 && attempt < 24; attempt++) {
        System.out.printf("POST /api/v1/mod/rollbacks answered %d %s; again in 5 s%n", started.statusCode(), started.body());
        Thread.sleep(5_000);
        started = call("POST", "/api/v1/mod/rollbacks", moderator, rollback);
      }
      if (started.statusCode() != 202) {
        throw new IllegalStateException("POST /api/v1/mod/rollbacks answered " + started.statusCode() + " " + started.body());
      }
      String id = JSON.readTree(started.body()).get("action").get("id").asText();
      List<Progress> progress = new ArrayList<>();
      double writingFrom = Double.NaN;
      JsonNode action;
      long giveUp = posted + TimeUnit.SECONDS.toNanos(options.actionTimeoutSeconds());
      while (true) {
        action = JSON.readTree(call("GET", "/api/v1/mod/actions/" + id, moderator, null).body()).get("action");
        double at = (System.nanoTime() - posted) / 1e9;
        String state = action.get("state").asText();
        JsonNode p = action.path("progress");
        Progress now = new Progress(at, state, p.path("done").asInt(0), p.path("total").asInt(0));
        if (progress.isEmpty() || !progress.get(progress.size() - 1).equals(now)) {
          progress.add(now);
          if (progress.size() % 20 == 1 || !state.equals("applying")) {
            System.out.printf("  %6.1f s: %s %,d / %,d%n", at, state, now.done(), now.total());
          }
        }
        if (Double.isNaN(writingFrom) && now.total() > 0) {
          writingFrom = at;
          probes.phase = Phase.WRITING;
        }
        if (state.equals("done") || state.equals("failed") || System.nanoTime() > giveUp) {
          break;
        }
        Thread.sleep(100);
      }
      double total = (System.nanoTime() - posted) / 1e9;
      probes.phase = Phase.IDLE;
      double cloudCores = (ProcStats.cpuNanos(cloud.pid()) - cloudCpu) / 1e9 / total;
      double engineCores = (ProcStats.descendantsCpuNanos(cloud.pid()) - engineCpu) / 1e9 / total;
      double loadEnd = ProcStats.loadAverage();
      RedisHolds holds = slowLog.read();
      probes.stop();
      String state = action.get("state").asText();
      if (!state.equals("done") && !state.equals("failed")) {
        state = "timed out (" + state + ")";
      }
      String error = action.path("error").isMissingNode() || action.path("error").isNull() ? "" : action.path("error").asText();
      JsonNode changes = auditChanges(moderator, id);
      long journalLeft = awaitJournal(store, canvas, area);
      long coloured = colouredIn(store, canvas, area);
      return new Result(mode, pixels, fillSeconds, historySeconds,
          Double.isNaN(writingFrom) ? total : writingFrom, Double.isNaN(writingFrom) ? 0 : total - writingFrom, total,
          state, error, action.path("pixelsChanged").asInt(0), changes.path("skippedAsRaced").asLong(-1),
          changes.path("batches").asLong(-1), probes.socketLatency, probes.scriptLatency, probes.socketErrors,
          journalLeft, coloured, probes.placedAfterPost.get(), cloudCores, engineCores, loadStart, loadEnd, progress,
          preview, holds);
    } finally {
      stopCloud();
    }
  }

  /**
   * Every pixel of the area once, a non-zero colour, through the tile script; the events sent to the
   * log without waiting (at most 20,000 unacknowledged), each journal entry trimmed on its acknowledgement.
   */
  private void fill(RedisCanvasStore store, KafkaEventPublisher log, CanvasGeometry canvas, Region area) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(options.fillThreads());
    Semaphore unacknowledged = new Semaphore(20_000);
    AtomicLong failed = new AtomicLong();
    List<Future<?>> rows = new ArrayList<>();
    for (int row = 0; row < area.height(); row++) {
      int y = area.y() + row;
      rows.add(pool.submit(() -> {
        for (int x = area.x(); x < area.x() + area.width(); x++) {
          TileId tile = canvas.tileOf(x, y);
          int colour = 1 + Math.floorMod(x * 7 + y, 15);
          String user = "bench-artist-" + (y % 50);
          long now = System.currentTimeMillis();
          long seq = store.writePixel(tile, canvas.indexInTile(x, y), colour, PixelEventCodec.prefix(tile),
              PixelEventCodec.suffix(x, y, colour, user, now));
          unacknowledged.acquireUninterruptibly();
          log.send(tile, PixelEventCodec.encode(new PixelEvent(tile, seq, x, y, colour, user, now)), Duration.ofSeconds(10))
              .thenAccept(ok -> {
                if (ok) {
                  store.forgetJournaledLater(tile, seq);
                } else {
                  failed.incrementAndGet();
                }
                unacknowledged.release();
              });
        }
        return null;
      }));
    }
    for (Future<?> f : rows) {
      f.get();
    }
    pool.shutdown();
    if (!unacknowledged.tryAcquire(20_000, 5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("the log did not settle the fill's events within 5 minutes");
    }
    if (failed.get() > 0) {
      System.out.printf("%,d fill events not acknowledged (the journal relay publishes them)%n", failed.get());
    }
  }

  private Preview preview(String moderator, Region area, long to) throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<String> r = call("POST", "/api/v1/mod/previews", moderator, JSON.createObjectNode().put("action", "rollback")
        .put("x", area.x()).put("y", area.y()).put("w", area.width()).put("h", area.height()).put("to", to).toString());
    double seconds = (System.nanoTime() - t0) / 1e9;
    JsonNode body = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
    return new Preview(r.statusCode(), seconds, body.path("pixelsChanged").asInt(0),
        r.statusCode() == 200 ? "" : body.path("error").path("code").asText(body.path("message").asText(r.body())));
  }

  /** Redis's slow log from now on: every command that ran longer than 1 ms, up to 20,000 of them. */
  private static final class SlowLog {
    private static final int MAX = 20_000;
    private final io.lettuce.core.RedisClient client;
    private final io.lettuce.core.api.StatefulRedisConnection<String, String> connection;

    SlowLog(String uri) {
      client = io.lettuce.core.RedisClient.create(uri);
      connection = client.connect();
      connection.sync().configSet("slowlog-log-slower-than", "1000");
      connection.sync().configSet("slowlog-max-len", Integer.toString(MAX));
      connection.sync().slowlogReset();
    }

    RedisHolds read() {
      try {
        List<Object> entries = connection.sync().slowlogGet(MAX);
        List<Long> restores = new ArrayList<>();
        List<Long> others = new ArrayList<>();
        for (Object o : entries) {
          List<?> entry = (List<?>) o;
          long micros = (Long) entry.get(2);
          // A restore batch's EVALSHA has 4 keys and 1 + 4n arguments (the log keeps the first 32);
          // a placement's tile script and every other command have far fewer.
          (((List<?>) entry.get(3)).size() > 16 ? restores : others).add(micros);
        }
        return new RedisHolds(restores.stream().mapToLong(Long::longValue).sorted().toArray(),
            others.stream().mapToLong(Long::longValue).sorted().toArray(), entries.size() < MAX);
      } finally {
        connection.close();
        client.shutdown();
      }
    }
  }

  /** The audit entry's changes ({@code skippedAsRaced}, {@code batches}), or an empty node. */
  private JsonNode auditChanges(String moderator, String id) throws Exception {
    JsonNode audit = JSON.readTree(call("GET", "/api/v1/mod/audit?limit=50", moderator, null).body()).path("entries");
    for (JsonNode e : audit) {
      if (e.path("id").asText().equals(id)) {
        return e.path("changes");
      }
    }
    return JSON.createObjectNode();
  }

  /** Journal entries left on the area's tiles after up to 30 s: 0 when every event was acknowledged and trimmed. */
  private static long awaitJournal(RedisCanvasStore store, CanvasGeometry canvas, Region area) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      long left = 0;
      for (TileId tile : tiles(canvas, area)) {
        left += store.journaled(tile, 1_000_000).size();
      }
      if (left == 0 || System.nanoTime() > deadline) {
        return left;
      }
      Thread.sleep(500);
    }
  }

  /** Pixels of the area not back to the background: only those the probes placed after the POST may be. */
  private static long colouredIn(RedisCanvasStore store, CanvasGeometry canvas, Region area) {
    long coloured = 0;
    int size = canvas.tileSize();
    for (TileId tile : tiles(canvas, area)) {
      byte[] pixels = store.snapshot(tile).pixels();
      for (int i = 0; i < size * size; i++) {
        int x = tile.tx() * size + i % size;
        int y = tile.ty() * size + i / size;
        if (area.contains(x, y) && TileCodec.get(pixels, i) != 0) {
          coloured++;
        }
      }
    }
    return coloured;
  }

  static List<TileId> tiles(CanvasGeometry canvas, Region area) {
    List<TileId> tiles = new ArrayList<>();
    int size = canvas.tileSize();
    for (int ty = area.y() / size; ty <= (area.y() + area.height() - 1) / size; ty++) {
      for (int tx = area.x() / size; tx <= (area.x() + area.width() - 1) / size; tx++) {
        tiles.add(new TileId(tx, ty));
      }
    }
    return tiles;
  }

  private HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(cloud.endpoint("http").resolve(path))
        .timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("content-type", "application/json");
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private void stopCloud() {
    if (cloud != null) {
      cloud.stop();
      cloud = null;
    }
  }

  /**
   * Ordinary placements on the rectangle's tiles, each timed into the histogram of the phase it was sent
   * in: {@code sockets} WebSocket connections with one placement in flight each, and one thread calling
   * the tile script directly; all pause {@code probePauseMillis} between placements.
   */
  private final class Probes {
    private final RedisCanvasStore store;
    private final KafkaEventPublisher log;
    private final CanvasGeometry canvas;
    private final Region area;
    volatile Phase phase = Phase.IDLE;
    private volatile boolean running = true;
    final Map<Phase, LatencyHistogram> socketLatency = new TreeMap<>();
    final Map<Phase, LatencyHistogram> scriptLatency = new TreeMap<>();
    final Map<String, Long> socketErrors = new TreeMap<>();
    final AtomicLong placedAfterPost = new AtomicLong();
    private final List<WebSocket> sockets = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private Thread script;

    Probes(RedisCanvasStore store, KafkaEventPublisher log, CanvasGeometry canvas, Region area) {
      this.store = store;
      this.log = log;
      this.canvas = canvas;
      this.area = area;
      for (Phase p : Phase.values()) {
        socketLatency.put(p, new LatencyHistogram());
        scriptLatency.put(p, new LatencyHistogram());
      }
    }

    void start(URI ws, URI http) throws Exception {
      for (int i = 0; i < options.sockets(); i++) {
        String token = guest(http);
        SocketProbe probe = new SocketProbe(new SplittableRandom(100 + i));
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
            .buildAsync(URI.create(ws + "?token=" + token), probe).get(60, TimeUnit.SECONDS);
        probe.socket = socket;
        sockets.add(socket);
        // Probes watch nothing: the answers are all they read.
        socket.sendText("{\"action\":\"subscribe\",\"area\":\"none\"}", true).get(10, TimeUnit.SECONDS);
        probe.next();
      }
      script = new Thread(this::scriptLoop, "tile-script-probe");
      script.setDaemon(true);
      script.start();
    }

    void stop() throws InterruptedException {
      running = false;
      script.join(30_000);
      Thread.sleep(2_000); // the last answers
      for (WebSocket s : sockets) {
        s.abort();
      }
      timer.shutdownNow();
    }

    private void scriptLoop() {
      SplittableRandom random = new SplittableRandom(7);
      while (running) {
        int x = area.x() + random.nextInt(area.width());
        int y = area.y() + random.nextInt(area.height());
        int colour = 1 + random.nextInt(15);
        TileId tile = canvas.tileOf(x, y);
        Phase at = phase;
        long now = System.currentTimeMillis();
        long t0 = System.nanoTime();
        long seq = store.writePixel(tile, canvas.indexInTile(x, y), colour, PixelEventCodec.prefix(tile),
            PixelEventCodec.suffix(x, y, colour, "bench-probe", now));
        long took = System.nanoTime() - t0;
        synchronized (scriptLatency) {
          scriptLatency.get(at).record(took);
        }
        if (at != Phase.IDLE) {
          placedAfterPost.incrementAndGet();
        }
        log.send(tile, PixelEventCodec.encode(new PixelEvent(tile, seq, x, y, colour, "bench-probe", now)), Duration.ofSeconds(10))
            .thenAccept(ok -> {
              if (ok) {
                store.forgetJournaledLater(tile, seq);
              }
            });
        try {
          Thread.sleep(options.probePauseMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private String guest(URI http) throws Exception {
      String last = "";
      for (int attempt = 0; attempt < 10; attempt++) {
        HttpResponse<String> session = HTTP.send(HttpRequest.newBuilder(http.resolve("/api/v1/session"))
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode token = JSON.readTree(session.body()).get("token");
        if (session.statusCode() == 201 && token != null) {
          return token.asText();
        }
        last = session.statusCode() + " " + session.body();
        Thread.sleep(500L << Math.min(attempt, 3));
      }
      throw new IllegalStateException("no session token: " + last);
    }

    /** One connection, one placement in flight; its answer is timed and the next is sent after the pause. */
    private final class SocketProbe implements WebSocket.Listener {
      private final SplittableRandom random;
      private final StringBuilder text = new StringBuilder();
      volatile WebSocket socket;
      private long id;
      private long sentAt;
      private Phase sentIn;

      SocketProbe(SplittableRandom random) {
        this.random = random;
      }

      synchronized void next() {
        if (!running) {
          return;
        }
        int x = area.x() + random.nextInt(area.width());
        int y = area.y() + random.nextInt(area.height());
        sentIn = phase;
        sentAt = System.nanoTime();
        socket.sendText("{\"action\":\"place\",\"id\":" + ++id + ",\"x\":" + x + ",\"y\":" + y + ",\"color\":"
            + (1 + random.nextInt(15)) + "}", true);
      }

      @Override
      public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        webSocket.request(1);
        if (!last) {
          return null;
        }
        String message = text.toString();
        text.setLength(0);
        if (message.startsWith("{\"id\":")) {
          answered(message);
        }
        return null;
      }

      private synchronized void answered(String message) {
        long took = System.nanoTime() - sentAt;
        if (ThroughputPlacer.longAfter(message, "{\"id\":") != id) {
          return;
        }
        if (message.contains("\"type\":\"placed\"")) {
          synchronized (socketLatency) {
            socketLatency.get(sentIn).record(took);
          }
          if (sentIn != Phase.IDLE) {
            placedAfterPost.incrementAndGet();
          }
        } else {
          int at = message.indexOf("\"code\":\"");
          String code = at < 0 ? "no code" : message.substring(at + 8, message.indexOf('"', at + 8));
          synchronized (socketErrors) {
            socketErrors.merge(code, 1L, Long::sum);
          }
        }
        timer.schedule(this::next, options.probePauseMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }
}
