package dev.place.local.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.place.local.LocalCloud;
import dev.place.local.LocalCloudSettings;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.history.CassandraSessions;
import dev.place.shared.history.EventLogReplay;
import dev.place.shared.history.HistoryCheck;
import dev.place.shared.redis.ConnectionRegistry;
import dev.place.shared.redis.RedisConnector;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One fault drill on real engines: a fresh local cloud, observers that keep a view of the canvas
 * from the {@code batch} messages alone, placers that put every placement on its own pixel, then the
 * fault (SIGKILL, or SIGSTOP and SIGCONT, of the engine's own process), the supervisor's recovery,
 * and the checks of the design brief's first invariant: every acknowledged placement is in Redis,
 * in Kafka exactly once per (tile, seq), in Cassandra, and every observer's view equals Redis byte
 * for byte, delivered live (no resync run needed).
 */
public final class FaultDrill {

  public static final List<String> NAMES = List.of("kafka-kill", "cassandra-kill", "redis-kill", "redis-stall",
      "fanout-stall", "drop-500-connections");

  /** Ports the drill's cloud takes from its port base, one each (LocalCloudSettings' order). */
  /** The cloud's nine ports and the sign-in provider's (the HTTP port + 4, kept free here). */
  static final int PORTS_USED = 10;
  private static final int STALL_SECONDS = 10;
  private static final int DROPPED_CONNECTIONS = 500;

  /** What a drill measured; {@link #passed()} is the verdict. */
  public record Result(String drill, long acknowledged, long refused, long redisMissing, long kafkaMissing,
      long kafkaDuplicates, long cassandraMissing, int observers, int observerTilesDiffering, long resyncRuns,
      long orderViolations, long registryLeftovers, double recoverySeconds, String loadavg, String notes,
      List<String> supervision) {

    public boolean passed() {
      return acknowledged > 0 && redisMissing == 0 && kafkaMissing == 0 && kafkaDuplicates == 0 && cassandraMissing == 0
          && observerTilesDiffering == 0 && resyncRuns == 0 && orderViolations == 0 && registryLeftovers == 0;
    }

    public String row() {
      return String.join(" | ", "| " + drill, String.valueOf(acknowledged), String.valueOf(refused),
          String.valueOf(redisMissing), kafkaMissing + " / " + kafkaDuplicates, String.valueOf(cassandraMissing),
          observerTilesDiffering + " of " + observers + " obs. (" + resyncRuns + " resync)",
          String.valueOf(orderViolations), String.valueOf(registryLeftovers),
          String.format("%.1f s", recoverySeconds), loadavg, notes, (passed() ? "pass" : "FAIL") + " |");
    }

    public static final String HEADER = "| drill | acknowledged | refused | missing in Redis | missing / duplicated in Kafka"
        + " | missing in Cassandra | observer tiles differing from Redis | seqs applied twice or backwards"
        + " | dropped connections left in the registry | recovery | /proc/loadavg | notes | result |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|---|---|";
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PLACERS = 4;
  private static final int OBSERVERS = 3;
  private static final int WIDTH = 2000;
  private static final int TILE = 256;

  private final String name;
  private final Path dataDir;
  private final int portBase;
  private final StringBuilder notes = new StringBuilder();
  private volatile long faultStartedAt;
  private long registryLeftovers;
  private volatile List<String> dropped = List.of();
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicInteger nextPixel = new AtomicInteger();
  private final AtomicBoolean placing = new AtomicBoolean(true);
  private final Map<String, PixelEvent> acked = new ConcurrentHashMap<>();
  private final AtomicLong refused = new AtomicLong();

  public FaultDrill(String name, Path dataDir) {
    this(name, dataDir, 0);
  }

  /**
   * @param portBase the first of {@link #PORTS_USED} consecutive fixed ports for the drill's cloud,
   *     or 0 for free ports picked at random (which may lie in the ephemeral range)
   */
  public FaultDrill(String name, Path dataDir, int portBase) {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("unknown drill '" + name + "'; drills: " + String.join(", ", NAMES));
    }
    this.name = name;
    this.dataDir = dataDir;
    this.portBase = portBase;
  }

  static LocalCloudSettings settings(Path dataDir, int portBase, Map<String, String> overrides) {
    if (portBase <= 0) {
      return LocalCloudSettings.ephemeral(dataDir, overrides);
    }
    int p = portBase;
    // p + OIDC_PORT_OFFSET is the sign-in provider's.
    return new LocalCloudSettings(dataDir, true, p, p + 1, p + 2, p + 3, p + 5, p + 6, p + 7, p + 8, p + 9,
        Map.copyOf(overrides));
  }

  /**
   * The drill's cloud; on a machine so loaded that an engine misses its start deadline (Cassandra's
   * first start takes 75 s at a load average of 30), tried up to three times, each on wiped data.
   */
  private LocalCloud startCloud() {
    for (int attempt = 1; ; attempt++) {
      try {
        return LocalCloud.start(settings(dataDir, portBase,
            Map.of("PLACE_COOLDOWN_SECONDS", "0", "PLACE_IP_LIMIT_PER_MINUTE", "1000000", "PLACE_CONNECTION_MESSAGE_LIMIT", "0")));
      } catch (dev.place.local.engine.EngineStartException e) {
        if (attempt == 3) {
          throw e;
        }
        notes.append("cloud started at attempt ").append(attempt + 1).append("; ");
        System.err.println("the drill's cloud did not start (attempt " + attempt + "), trying again: "
            + e.getMessage().lines().findFirst().orElse(""));
      }
    }
  }

  private int observerCount() {
    // Enough connections that both fanout instances own some (64 registry buckets split in two).
    return name.equals("fanout-stall") ? 16 : OBSERVERS;
  }

  public Result run() throws Exception {
    // A wiped data dir: the observers' views start from the blank canvas, so no snapshot is needed.
    try (LocalCloud cloud = startCloud();
        SecondFanout second = name.equals("fanout-stall") ? SecondFanout.start(cloud, dataDir) : null) {
      if (second != null) {
        // Both instances in the member set, the buckets split between them, before anyone connects.
        second.awaitHalfTheBuckets(cloud);
      }
      List<Observer> observers = new ArrayList<>();
      for (int i = 0; i < observerCount(); i++) {
        observers.add(new Observer(cloud));
      }
      if (second != null) {
        notes.append(second.connectionsHeld(observers.stream().map(o -> o.connectionId).toList())).append(" of ").append(observers.size())
            .append(" observers on the stalled instance");
      }
      List<Thread> placers = new ArrayList<>();
      for (int i = 0; i < PLACERS; i++) {
        Thread t = new Thread(() -> place(cloud), "drill-placer-" + i);
        t.start();
        placers.add(t);
      }
      Thread.sleep(5_000);
      double recovery = fault(cloud, second);
      Thread.sleep(5_000);
      placing.set(false);
      for (Thread t : placers) {
        t.join(30_000);
      }
      // Converge: history and fanout catch up after a fault (retries, the journal relay).
      Result result = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (System.nanoTime() < deadline) {
        result = check(cloud, observers, recovery);
        if (result.passed()) {
          break;
        }
        Thread.sleep(3_000);
      }
      observers.forEach(Observer::close);
      return result;
    }
  }

  /** @return seconds from the fault until the engine served again */
  private double fault(LocalCloud cloud, SecondFanout second) throws Exception {
    faultStartedAt = System.currentTimeMillis();
    if (second != null) {
      long began = System.nanoTime();
      signal("STOP", second.pid());
      Thread.sleep(STALL_SECONDS * 1_000L);
      signal("CONT", second.pid());
      return (System.nanoTime() - began) / 1e9;
    }
    if (name.equals("drop-500-connections")) {
      return dropConnections(cloud);
    }
    String engine = name.substring(0, name.indexOf('-'));
    long began = System.nanoTime();
    ProcessHandle server = cloud.engines().serverProcess(engine);
    if (name.endsWith("-kill")) {
      int before = cloud.engines().restarts(engine);
      server.destroyForcibly();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (!(cloud.engines().restarts(engine) > before && cloud.engines().isServing(engine))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(engine + " was not restarted within 180 s: " + cloud.engines().supervisionLog());
        }
        Thread.sleep(100);
      }
    } else {
      signal("STOP", server.pid());
      Thread.sleep(5_000);
      signal("CONT", server.pid());
    }
    return (System.nanoTime() - began) / 1e9;
  }

  /**
   * Opens the watchers, lets them receive batches for a few seconds, resets them all at once, and
   * waits until the registry has forgotten every one.
   *
   * @return seconds from the reset until none of them was registered any more
   */
  private double dropConnections(LocalCloud cloud) throws Exception {
    AbruptWatchers watchers = AbruptWatchers.open(cloud.httpUrl(), cloud.webSocketUrl(), DROPPED_CONNECTIONS);
    dropped = watchers.connectionIds();
    Thread.sleep(3_000);
    long began = System.nanoTime();
    watchers.reset();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (stillRegistered(cloud) > 0 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    notes.append(dropped.size()).append(" watchers reset (RST, no close frame)");
    return (System.nanoTime() - began) / 1e9;
  }

  /** How many of the dropped watchers the connection registry still lists. */
  private long stillRegistered(LocalCloud cloud) {
    if (dropped.isEmpty()) {
      return 0;
    }
    try (RedisConnector redis = new RedisConnector(cloud.config())) {
      ConnectionRegistry registry = new ConnectionRegistry(redis, cloud.config().registryBuckets());
      return dropped.stream().filter(id -> registry.userOf(id) != null).count();
    }
  }

  private static void signal(String signal, long pid) throws Exception {
    int code = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start().waitFor();
    if (code != 0) {
      throw new IllegalStateException("kill -" + signal + " " + pid + " exited with " + code);
    }
  }

  private void place(LocalCloud cloud) {
    while (placing.get()) {
      try (Socket socket = new Socket(cloud, http)) {
        while (placing.get()) {
          int i = nextPixel.getAndIncrement();
          // A bijection of 0..3 999 999 onto the canvas (1 000 003 is coprime to 4 000 000): every
          // placement on its own pixel, spread over every tile.
          int p = (int) ((i * 1_000_003L) % (WIDTH * WIDTH));
          int x = p % WIDTH;
          int y = p / WIDTH;
          int colour = 1 + i % 15;
          JsonNode answer = socket.request("{\"action\":\"place\",\"x\":" + x + ",\"y\":" + y + ",\"color\":" + colour + "}");
          if (answer != null && "placed".equals(answer.path("type").asText())) {
            String tile = (x / TILE) + ":" + (y / TILE);
            acked.put(tile + "#" + answer.get("seq").asLong(), new PixelEvent(
                dev.place.shared.canvas.TileId.parse(tile), answer.get("seq").asLong(), x, y, colour, "",
                System.currentTimeMillis()));
          } else {
            refused.incrementAndGet();
            if (answer == null) {
              break;
            }
          }
          Thread.sleep(20);
        }
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        refused.incrementAndGet();
      }
    }
  }

  private Result check(LocalCloud cloud, List<Observer> observers, double recovery) throws Exception {
    Map<String, byte[]> redisTiles = new HashMap<>();
    RedisClient client = RedisClient.create(cloud.config().redisUri().toString());
    try (StatefulRedisConnection<byte[], byte[]> redis = client.connect(ByteArrayCodec.INSTANCE)) {
      Set<String> tiles = new java.util.TreeSet<>();
      acked.values().forEach(e -> tiles.add(e.tile().toString()));
      observers.forEach(o -> tiles.addAll(o.tiles.keySet()));
      for (String tile : tiles) {
        byte[] px = redis.sync().get(("place:{tile:" + tile + "}:px").getBytes(StandardCharsets.UTF_8));
        redisTiles.put(tile, Arrays.copyOf(px == null ? new byte[0] : px, TILE * TILE / 2));
      }
    } finally {
      client.shutdown();
    }
    long redisMissing = acked.values().stream().filter(e -> u4(redisTiles.get(e.tile().toString()),
        (e.y() % TILE) * TILE + e.x() % TILE) != e.colour()).count();

    Map<String, Integer> inKafka = new HashMap<>();
    List<PixelEvent> all = new CopyOnWriteArrayList<>();
    EventLogReplay.read(cloud.config(), EventLogReplay.Start.BEGINNING, events -> {
      all.addAll(events);
      events.forEach(e -> inKafka.merge(e.tile() + "#" + e.seq(), 1, Integer::sum));
    }, p -> { });
    long kafkaMissing = acked.keySet().stream().filter(k -> !inKafka.containsKey(k)).count();
    long duplicates = inKafka.values().stream().filter(n -> n > 1).count();

    HistoryCheck history = new HistoryCheck();
    history.addFromKafka(all.stream().filter(e -> acked.containsKey(e.tile() + "#" + e.seq())).toList());
    long cassandraMissing;
    try (var session = CassandraSessions.open(cloud.config())) {
      cassandraMissing = history.compare(session).stream().mapToLong(HistoryCheck.DayTile::missing).sum();
    }

    registryLeftovers = stillRegistered(cloud);
    int differing = 0;
    long resyncs = 0;
    long violations = 0;
    long covered = 0;
    for (Observer o : observers) {
      resyncs += o.resyncs.get();
      violations += o.orderViolations.get();
      covered += o.coveredRuns.get();
      for (Map.Entry<String, byte[]> tile : redisTiles.entrySet()) {
        byte[] view = o.tiles.getOrDefault(tile.getKey(), new byte[TILE * TILE / 2]);
        if (!Arrays.equals(view, tile.getValue())) {
          differing++;
        }
      }
    }
    StringBuilder found = new StringBuilder(notes);
    if (covered > 0) {
      found.append(found.length() == 0 ? "" : "; ").append(covered)
          .append(" runs wholly at or below an observer's view (ignored by the protocol's rule)");
    }
    if (differing > 0) {
      found.append(found.length() == 0 ? "" : "; ").append(neverReceived(observers));
    }
    return new Result(name, acked.size(), refused.get(), redisMissing, kafkaMissing, duplicates, cassandraMissing,
        observers.size(), differing, resyncs, violations, registryLeftovers, recovery, loadavg(),
        found.toString(), cloud.engines().supervisionLog());
  }

  /** Which acknowledged placements observers never received, and when they were acknowledged relative to the fault. */
  private String neverReceived(List<Observer> observers) {
    long missing = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    int observersMissing = 0;
    for (Observer o : observers) {
      long before = missing;
      for (PixelEvent e : acked.values()) {
        if (!o.received(e.tile().toString(), e.seq())) {
          missing++;
          first = Math.min(first, e.placedAtMillis());
          last = Math.max(last, e.placedAtMillis());
        }
      }
      observersMissing += missing > before ? 1 : 0;
    }
    return missing == 0 ? "every acknowledged placement was received by every observer"
        : String.format("%d (placement, observer) pairs never received by %d observers, acknowledged %+.1f..%+.1f s from the fault",
            missing, observersMissing, (first - faultStartedAt) / 1e3, (last - faultStartedAt) / 1e3);
  }

  static int u4(byte[] tile, int index) {
    int b = tile[index / 2] & 0xff;
    return index % 2 == 0 ? b >>> 4 : b & 0x0f;
  }

  static void setU4(byte[] tile, int index, int colour) {
    int i = index / 2;
    tile[i] = (byte) (index % 2 == 0 ? (tile[i] & 0x0f) | (colour << 4) : (tile[i] & 0xf0) | colour);
  }

  static String loadavg() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (java.io.IOException e) {
      return "n/a";
    }
  }

  /** A guest's WebSocket that sends one request at a time and waits for its answer. */
  private static final class Socket implements AutoCloseable {
    private final WebSocket ws;
    private volatile CompletableFuture<JsonNode> pending = new CompletableFuture<>();

    Socket(LocalCloud cloud, HttpClient http) throws Exception {
      HttpResponse<String> s = http.send(HttpRequest.newBuilder(cloud.httpUrl().resolve("/api/v1/session"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      String token = JSON.readTree(s.body()).get("token").asText();
      ws = http.newWebSocketBuilder().buildAsync(URI.create(cloud.webSocketUrl() + "?token=" + token), new Listener(m -> {
        if (!"batch".equals(m.path("type").asText())) {
          pending.complete(m);
        }
      }, () -> pending.complete(null))).get(10, TimeUnit.SECONDS);
    }

    JsonNode request(String message) throws Exception {
      pending = new CompletableFuture<>();
      ws.sendText(message, true).get(10, TimeUnit.SECONDS);
      try {
        return pending.get(15, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        return null;
      }
    }

    @Override
    public void close() {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
    }
  }

  /** Keeps a view of every tile from batch messages only, per the rules of docs/protocol.md. */
  private static final class Observer {
    final Map<String, byte[]> tiles = new ConcurrentHashMap<>();
    final AtomicLong resyncs = new AtomicLong();
    /** Sequences at or below one already received in the tile, in a run that also brings new ones: applied twice. */
    final AtomicLong orderViolations = new AtomicLong();
    /** Runs wholly at or below what the view had: ignored by the protocol's rule. */
    final AtomicLong coveredRuns = new AtomicLong();
    /** Per tile, the sequences some applied run carried (a coalesced or resync run counts its range). */
    private final Map<String, java.util.BitSet> receivedSeqs = new HashMap<>();
    private final Map<String, Long> highest = new HashMap<>();
    volatile String connectionId = "";
    private final WebSocket ws;

    Observer(LocalCloud cloud) throws Exception {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> s = http.send(HttpRequest.newBuilder(cloud.httpUrl().resolve("/api/v1/session"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      String token = JSON.readTree(s.body()).get("token").asText();
      CompletableFuture<JsonNode> hello = new CompletableFuture<>();
      ws = http.newWebSocketBuilder().buildAsync(URI.create(cloud.webSocketUrl() + "?token=" + token), new Listener(m -> {
        if ("batch".equals(m.path("type").asText())) {
          apply(m);
        } else if ("hello".equals(m.path("type").asText())) {
          connectionId = m.path("connectionId").asText();
          hello.complete(m);
        }
      }, () -> { })).get(10, TimeUnit.SECONDS);
      ws.sendText("{\"action\":\"hello\"}", true).get(10, TimeUnit.SECONDS);
      hello.get(15, TimeUnit.SECONDS);
    }

    private synchronized void apply(JsonNode batch) {
      for (JsonNode run : batch.path("tiles")) {
        String tileName = run.get("tile").asText();
        long mine = highest.getOrDefault(tileName, 0L);
        long from = run.has("seq") ? run.get("seq").get(0).asLong() : run.path("from").asLong();
        long to = run.has("seq") ? run.get("seq").get(run.get("seq").size() - 1).asLong() : run.path("to").asLong();
        if (to <= mine) {
          // Wholly at or below what the view has: ignored by the protocol's rule, changes nothing (a
          // handover's uncertain span). Counted apart; what a client would apply twice is not this.
          coveredRuns.incrementAndGet();
          continue;
        }
        if (from <= mine) {
          orderViolations.addAndGet(mine - from + 1);
        }
        if (run.has("seq")) {
          long previous = Long.MIN_VALUE;
          for (JsonNode seq : run.get("seq")) {
            if (seq.asLong() <= previous) {
              orderViolations.incrementAndGet();
            }
            previous = seq.asLong();
          }
        }
        mine = to;
        highest.put(tileName, mine);
        java.util.BitSet got = receivedSeqs.computeIfAbsent(tileName, t -> new java.util.BitSet());
        if (run.has("seq")) {
          run.get("seq").forEach(seq -> got.set((int) seq.asLong()));
        } else {
          got.set((int) from, (int) to + 1);
        }
        if (run.path("resync").asBoolean(false)) {
          resyncs.incrementAndGet();
          continue;
        }
        byte[] tile = tiles.computeIfAbsent(tileName, t -> new byte[TILE * TILE / 2]);
        JsonNode px = run.path("px");
        for (int i = 0; i + 2 < px.size(); i += 3) {
          int x = px.get(i).asInt();
          int y = px.get(i + 1).asInt();
          setU4(tile, (y % TILE) * TILE + x % TILE, px.get(i + 2).asInt());
        }
      }
    }

    synchronized boolean received(String tile, long seq) {
      java.util.BitSet got = receivedSeqs.get(tile);
      return got != null && got.get((int) seq);
    }

    void close() {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
    }
  }

  private static final class Listener implements WebSocket.Listener {
    private final java.util.function.Consumer<JsonNode> onMessage;
    private final Runnable onClose;
    private final StringBuilder text = new StringBuilder();

    Listener(java.util.function.Consumer<JsonNode> onMessage, Runnable onClose) {
      this.onMessage = onMessage;
      this.onClose = onClose;
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        try {
          onMessage.accept(JSON.readTree(text.toString()));
        } catch (Exception e) {
          // A frame we cannot read is the drill's failure to see, not to crash on: the view check reports it.
        }
        text.setLength(0);
      }
      socket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
      onClose.run();
      return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
      onClose.run();
    }
  }
}
