package dev.place.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code local/bench-throughput}: how many placements a second the whole placement path acknowledges
 * end to end, through the emulated API Gateway and the {@code place} Lambda into real Redis, Kafka and
 * Cassandra, on this machine; beside Redis's own ceilings measured in the same run, the history
 * writer's ingest rate, place→placed latency at a fixed open-loop rate, and afterwards a check that
 * every acknowledged placement is in Redis, in Kafka exactly once and in Cassandra.
 *
 * <p>This JVM is the load client; the local cloud (BenchCloud: cooldown 0, raised limits) runs in a
 * JVM of its own so their CPU is measured apart.
 */
public final class ThroughputBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  static final int TILE_SIZE = 256;
  static final int WIDTH = 2000;
  static final int HEIGHT = 2000;

  record Options(int seconds, int warmupSeconds, List<Integer> connections, int window, int openRate,
      int openSeconds, int openConnections, double ceilingSeconds, int basePort, boolean jfr, boolean writeDocs,
      Path workDir) {

    static Options parse(String[] args) {
      Map<String, String> o = new LinkedHashMap<>();
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("--jfr") || args[i].equals("--no-docs")) {
          o.put(args[i], "true");
        } else if (args[i].startsWith("--") && i + 1 < args.length) {
          o.put(args[i], args[++i]);
        } else {
          throw new IllegalArgumentException("unknown argument " + args[i] + "; see local/bench-throughput --help");
        }
      }
      return new Options(
          Integer.parseInt(o.getOrDefault("--seconds", "60")),
          Integer.parseInt(o.getOrDefault("--warmup", "10")),
          Arrays.stream(o.getOrDefault("--connections", "1,10,50,200").split(",")).map(String::trim)
              .map(Integer::parseInt).toList(),
          Integer.parseInt(o.getOrDefault("--window", "8")),
          Integer.parseInt(o.getOrDefault("--open-rate", "2000")),
          Integer.parseInt(o.getOrDefault("--open-seconds", "30")),
          Integer.parseInt(o.getOrDefault("--open-connections", "50")),
          Double.parseDouble(o.getOrDefault("--ceiling-seconds", "5")),
          Integer.parseInt(o.getOrDefault("--base-port", "24000")),
          o.containsKey("--jfr"),
          !o.containsKey("--no-docs"),
          Path.of(o.getOrDefault("--work-dir", "target/bench-throughput")));
    }
  }

  /** One measured run: closed loop at {@code connections} × {@code window}, or open loop at {@code openRate}. */
  record Run(String label, int connections, int window, int openRate, double seconds, long acknowledged,
      LatencyHistogram latency, Map<String, Long> errors, long skipped, double cloudCores, double engineCores,
      double clientCores, double historyRate, long historyLagEnd, double loadStart, double loadEnd) {

    double rate() {
      return acknowledged / seconds;
    }
  }

  private final Options options;
  private DeliveryBenchmark.ServerProcess cloud;
  private BenchSockets sockets;
  private final AcknowledgedPlacements acknowledged = new AcknowledgedPlacements();
  private final List<ThroughputPlacer> placers = new ArrayList<>();
  private HistoryIngest history;
  private long seed = 1;

  private ThroughputBenchmark(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println("""
          local/bench-throughput [--seconds 60] [--warmup 10] [--connections 1,10,50,200] [--window 8]
                                 [--open-rate 2000] [--open-seconds 30] [--open-connections 50]
                                 [--ceiling-seconds 5] [--base-port 24000] [--jfr] [--no-docs]""");
      return;
    }
    ThroughputBenchmark bench = new ThroughputBenchmark(Options.parse(args));
    int status = 0;
    try {
      bench.run();
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    } finally {
      bench.stop();
    }
    System.exit(status);
  }

  private void run() throws Exception {
    Files.createDirectories(options.workDir());
    System.out.println("starting the local cloud (engines, emulator, fanout, history writer) in its own JVM...");
    List<String> jvm = List.of("-Xms512m", "-Xmx1536m", "-D" + dev.place.local.LocalCloud.ENGINE_START_SECONDS + "=600");
    for (int attempt = 1; cloud == null; attempt++) {
      try {
        cloud = DeliveryBenchmark.ServerProcess.start("cloud", options.workDir(),
            List.of(System.getProperty("java.class.path")), jvm, "dev.place.local.bench.BenchCloud",
            List.of(options.workDir().resolve("cloud").toString(), Integer.toString(options.basePort())));
      } catch (IllegalStateException e) {
        if (attempt == 3) {
          throw e;
        }
        System.out.println(e.getMessage() + "; trying again");
      }
    }
    String redisUri = cloud.endpoint("redis").toString();
    String kafka = cloud.endpoint("kafka").getAuthority();
    URI cql = cloud.endpoint("cassandra");
    String keyspace = cloud.endpoint("keyspace").getAuthority();
    history = new HistoryIngest(kafka, "pixel-events");

    System.out.printf("Redis ceilings (%.0f s each)...%n", options.ceilingSeconds());
    RedisCeilings.Ceiling rawSet = RedisCeilings.rawSet(redisUri, options.ceilingSeconds(), 2);
    System.out.printf("  %s: %,.0f/s%n", rawSet.what(), rawSet.opsPerSecond());
    RedisCeilings.Ceiling tileScript = RedisCeilings.tileScript(redisUri, options.ceilingSeconds(), 2, 64);
    System.out.printf("  %s: %,.0f/s%n", tileScript.what(), tileScript.opsPerSecond());

    sockets = new BenchSockets(2, sources());
    List<Run> runs = new ArrayList<>();
    int most = options.connections().stream().mapToInt(Integer::intValue).max().orElse(1);
    connectPlacers(Math.max(most, options.openConnections()));
    for (int n : options.connections()) {
      Run r = closedLoop(n);
      runs.add(r);
      System.out.println(describe(r, tileScript));
    }
    if (options.openRate() > 0) {
      Run r = openLoop(options.openConnections(), options.openRate());
      runs.add(r);
      System.out.println(describe(r, tileScript));
    }

    System.out.println("waiting for the history writer to catch up...");
    HistoryIngest.Position drainStart = history.now();
    HistoryIngest.Position drained = drainStart;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (drained.lag() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(1000);
      drained = history.now();
    }
    double drainRate = HistoryIngest.rate(drainStart, drained);
    System.out.printf("history lag %,d after the runs; %,d after %.0f s of catching up (%,.0f events/s)%n",
        drainStart.lag(), drained.lag(), (drained.nanos() - drainStart.nanos()) / 1e9, drainRate);

    System.out.println("auditing Redis, Kafka and Cassandra...");
    PlacementAudit.Result audit = PlacementAudit.check(acknowledged, TILE_SIZE, redisUri, kafka, "pixel-events",
        new InetSocketAddress(cql.getHost(), cql.getPort()), cql.getPath().substring(1), keyspace);
    System.out.println(audit.describe());

    String report = ThroughputReport.markdown(runs, rawSet, tileScript, drainStart, drained, drainRate, audit, options);
    System.out.println();
    System.out.println(report);
    if (options.writeDocs()) {
      Path png = Path.of("docs", "throughput.png");
      ThroughputReport.plot(runs, tileScript, png);
      ThroughputReport.writeSection(Path.of("docs", "benchmarks.md"), report, LocalDate.now().toString());
      System.out.println("wrote docs/benchmarks.md (Placement throughput) and " + png);
    }
  }

  private static List<InetAddress> sources() throws IOException {
    List<InetAddress> sources = new ArrayList<>();
    for (int i = 2; i <= 9; i++) {
      sources.add(InetAddress.getByName("127.0.0." + i));
    }
    return sources;
  }

  private void connectPlacers(int count) throws Exception {
    URI ws = cloud.endpoint("ws");
    List<CompletableFuture<BenchSockets.Socket>> opening = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ThroughputPlacer p = new ThroughputPlacer(WIDTH, HEIGHT, TILE_SIZE, Math.max(options.window(), 512), seed++,
          acknowledged);
      placers.add(p);
      // One guest (one user) per connection, as people would come.
      opening.add(sockets.connect(URI.create(ws + "?token=" + token()), p));
    }
    for (int i = 0; i < count; i++) {
      BenchSockets.Socket socket = opening.get(i).get(60, TimeUnit.SECONDS);
      placers.get(i).socket = socket;
      // Placers watch nothing: this bench measures the placement path; delivery has local/bench-delivery.
      socket.send("{\"action\":\"subscribe\",\"area\":\"none\"}");
    }
    System.out.printf("%d placing connections open%n", count);
  }

  private Run closedLoop(int connections) throws Exception {
    List<ThroughputPlacer> active = placers.subList(0, connections);
    for (ThroughputPlacer p : active) {
      p.window(options.window());
      p.startClosedLoop();
    }
    Thread.sleep(TimeUnit.SECONDS.toMillis(options.warmupSeconds()));
    Run r = measure(connections + " connections × " + options.window() + " in flight", active, connections,
        options.window(), 0, () -> Thread.sleep(TimeUnit.SECONDS.toMillis(options.seconds())));
    for (ThroughputPlacer p : active) {
      p.closedLoop = false;
    }
    drain(active);
    return r;
  }

  private Run openLoop(int connections, int rate) throws Exception {
    List<ThroughputPlacer> active = placers.subList(0, connections);
    for (ThroughputPlacer p : active) {
      p.window(512);
    }
    long[] sent = {0};
    long warmupNanos = TimeUnit.SECONDS.toNanos(Math.min(options.warmupSeconds(), 5));
    schedule(active, rate, warmupNanos, sent);
    Run r = measure("open loop, " + rate + " placements/s over " + connections + " connections", active, connections,
        0, rate, () -> schedule(active, rate, TimeUnit.SECONDS.toNanos(options.openSeconds()), sent));
    drain(active);
    return r;
  }

  /** Sends {@code rate} placements a second, round robin over the connections, for {@code nanos}. */
  private static void schedule(List<ThroughputPlacer> active, int rate, long nanos, long[] sent)
      throws InterruptedException {
    long start = System.nanoTime();
    long here = 0;
    while (true) {
      long elapsed = System.nanoTime() - start;
      if (elapsed >= nanos) {
        return;
      }
      long due = elapsed * rate / 1_000_000_000L;
      while (here < due) {
        active.get((int) (sent[0]++ % active.size())).sendScheduled();
        here++;
      }
      Thread.sleep(1);
    }
  }

  interface Window {
    void run() throws Exception;
  }

  private Run measure(String label, List<ThroughputPlacer> active, int connections, int window, int openRate,
      Window body) throws Exception {
    double loadStart = ProcStats.loadAverage();
    long cloudCpu = ProcStats.cpuNanos(cloud.pid());
    long engineCpu = ProcStats.descendantsCpuNanos(cloud.pid());
    long selfCpu = ProcStats.selfCpuNanos();
    long[] placedBefore = new long[active.size()];
    for (int i = 0; i < active.size(); i++) {
      ThroughputPlacer p = active.get(i);
      p.onLoop(() -> {
        p.toPlaced = new LatencyHistogram();
        p.errors.clear();
        p.skipped = 0;
        p.measuredPlaced = 0;
        p.measuring = true;
      });
    }
    Path jfr = options.jfr() ? options.workDir().resolve("jfr").resolve(label.replaceAll("[^A-Za-z0-9]+", "-") + ".jfr")
        : null;
    if (jfr != null) {
      Files.createDirectories(jfr.getParent());
      cloud.jcmd("JFR.start", "name=bench", "settings=profile", "filename=" + jfr.toAbsolutePath());
    }
    HistoryIngest.Position h0 = history.now();
    long started = System.nanoTime();
    body.run();
    for (ThroughputPlacer p : active) {
      p.onLoop(() -> p.measuring = false);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    HistoryIngest.Position h1 = history.now();
    if (jfr != null) {
      cloud.jcmd("JFR.stop", "name=bench");
    }
    double cloudCores = (ProcStats.cpuNanos(cloud.pid()) - cloudCpu) / 1e9 / seconds;
    double engineCores = (ProcStats.descendantsCpuNanos(cloud.pid()) - engineCpu) / 1e9 / seconds;
    double clientCores = (ProcStats.selfCpuNanos() - selfCpu) / 1e9 / seconds;
    LatencyHistogram latency = new LatencyHistogram();
    Map<String, Long> errors = new TreeMap<>();
    long placed = 0;
    long skipped = 0;
    for (ThroughputPlacer p : active) {
      CompletableFuture<Void> read = new CompletableFuture<>();
      p.onLoop(() -> {
        latency.add(p.toPlaced);
        p.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
        read.complete(null);
      });
      read.get(10, TimeUnit.SECONDS);
      placed += p.measuredPlaced;
      skipped += p.skipped;
    }
    return new Run(label, connections, window, openRate, seconds, placed, latency, errors, skipped, cloudCores,
        engineCores, clientCores, HistoryIngest.rate(h0, h1), h1.lag(), loadStart, ProcStats.loadAverage());
  }

  private static void drain(List<ThroughputPlacer> active) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (active.stream().anyMatch(p -> p.inFlight() > 0) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    long left = active.stream().mapToLong(ThroughputPlacer::inFlight).sum();
    if (left > 0) {
      System.out.printf("%d placements still unanswered 60 s after the run%n", left);
    }
  }

  private static String describe(Run r, RedisCeilings.Ceiling tileScript) {
    return String.format("%s: %,.0f placements/s acknowledged (%.3f of the tile-script ceiling), place→placed p50 %.0f"
            + " p99 %.0f max %.0f ms, errors %s, skipped %d; cloud %.2f cores + engines %.2f, client %.2f;"
            + " history %,.0f events/s (lag %,d); load %.1f→%.1f",
        r.label(), r.rate(), r.rate() / tileScript.opsPerSecond(), r.latency().percentileMillis(50),
        r.latency().percentileMillis(99), r.latency().maxMillis(), r.errors(), r.skipped(), r.cloudCores(),
        r.engineCores(), r.clientCores(), r.historyRate(), r.historyLagEnd(), r.loadStart(), r.loadEnd());
  }

  private String token() throws IOException, InterruptedException {
    String last = "";
    for (int attempt = 0; attempt < 10; attempt++) {
      HttpResponse<String> session = HTTP.send(HttpRequest.newBuilder(cloud.endpoint("http").resolve("/api/v1/session"))
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

  private void stop() {
    if (history != null) {
      history.close();
    }
    if (sockets != null) {
      sockets.close();
    }
    if (cloud != null) {
      cloud.stop();
    }
  }
}
