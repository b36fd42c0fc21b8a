package dev.place.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.base64.Base64;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * {@code local/bench-delivery}: place→visible latency, delivery completeness, bytes per pixel, CPU
 * and heap per connection of every delivery mode against a ladder of watcher counts, with a plain
 * Netty broadcast server as the baseline, in one run. This JVM is the load client (and the
 * conductor); the local cloud and the baseline each run in a JVM of their own, so the CPU time and
 * heap read from /proc and jcmd are theirs alone.
 *
 * <p>Placement time is when the placer <em>got</em> {@code placed}; visible is when a watcher's frame
 * whose run covers that placement's tile sequence arrived. Every (placement, watcher) pair counts.
 */
public final class DeliveryBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final int MAX_IN_FLIGHT_PER_PLACER = 8;
  private static final boolean DEBUG = System.getenv("BENCH_DEBUG") != null;

  /** Modes, in the order they run at each rung. */
  enum Mode {
    BASELINE("baseline (plain Netty broadcast)", 250),
    EDGE("edge (fanout's own WebSockets)", 250),
    APIGW("API Gateway (PostToConnection, emulated)", 500);

    final String label;
    final int targetP99Millis;

    Mode(String label, int targetP99Millis) {
      this.label = label;
      this.targetP99Millis = targetP99Millis;
    }
  }

  record Options(int seconds, int warmupSeconds, int rate, int placers, List<Integer> edgeLadder,
      List<Integer> apigwLadder, List<Mode> modes, int basePort, int clientThreads, boolean jfr, boolean writeDocs,
      Path workDir) {

    static Options parse(String[] args) {
      Map<String, String> o = new LinkedHashMap<>();
      for (int i = 0; i < args.length; i++) {
        if (args[i].equals("--jfr") || args[i].equals("--no-docs")) {
          o.put(args[i], "true");
        } else if (args[i].startsWith("--") && i + 1 < args.length) {
          o.put(args[i], args[++i]);
        } else {
          throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      return new Options(
          Integer.parseInt(o.getOrDefault("--seconds", "10")),
          Integer.parseInt(o.getOrDefault("--warmup", "3")),
          Integer.parseInt(o.getOrDefault("--rate", "1000")),
          Integer.parseInt(o.getOrDefault("--placers", "32")),
          ints(o.getOrDefault("--watchers", "100,1000,5000,20000")),
          ints(o.getOrDefault("--apigw-watchers", "100,1000,2000,5000")),
          Arrays.stream(o.getOrDefault("--modes", "baseline,edge,apigw").split(","))
              .map(m -> Mode.valueOf(m.trim().toUpperCase())).toList(),
          Integer.parseInt(o.getOrDefault("--base-port", "23000")),
          Integer.parseInt(o.getOrDefault("--client-threads", "2")),
          o.containsKey("--jfr"),
          !o.containsKey("--no-docs"),
          Path.of(o.getOrDefault("--work-dir", "target/bench-delivery")));
    }

    private static List<Integer> ints(String csv) {
      return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::parseInt).toList();
    }
  }

  /** One run's figures. */
  record Result(Mode mode, int watchers, int connected, DeliveryLedger.Totals totals, LatencyHistogram toPlaced,
      long placementsSent, long placementsSkipped, long placementErrors, double seconds, double serverCores, double enginesCores,
      double clientCores, long framesInWindow, double heapBytesPerConnection, double loadStart, double loadEnd,
      String encoding, int droppedConnections) {

    double p99() {
      return totals.latencies.percentileMillis(99);
    }

    /** A run that misses its mode's target badly ends that mode's ladder. */
    boolean failedBadly() {
      return connected < watchers * 0.99 || totals.undeliveredFraction() > 0.01
          || (totals.latencies.count() > 0 && p99() > 2.0 * mode.targetP99Millis);
    }

    boolean metTarget() {
      return connected == watchers && totals.undelivered() == 0 && p99() <= mode.targetP99Millis;
    }

    /** Placements acknowledged per second of the measured window (the schedule asks for the configured rate). */
    double acknowledgedRate() {
      return totals.acknowledged / seconds;
    }

    double serverCpuMicrosPerFrame() {
      return framesInWindow == 0 ? Double.NaN : serverCores * seconds * 1e6 / framesInWindow;
    }
  }

  private final Options options;
  private final List<String> classpath = List.of(System.getProperty("java.class.path"));
  private ServerProcess cloud;
  private ServerProcess baseline;
  private BenchSockets sockets;
  private final List<String> tokens = new ArrayList<>();
  private int width = 2000;
  private int height = 2000;
  private int tileSize = 256;

  private DeliveryBenchmark(Options options) {
    this.options = options;
  }

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    DeliveryBenchmark bench = new DeliveryBenchmark(options);
    int status = 0;
    try {
      bench.run();
    } catch (Exception e) {
      e.printStackTrace();
      status = 1;
    } finally {
      bench.stopServers();
    }
    System.exit(status);
  }

  private void run() throws Exception {
    Files.createDirectories(options.workDir());
    List<InetAddress> sources = new ArrayList<>();
    for (int i = 2; i <= 9; i++) {
      sources.add(InetAddress.getByName("127.0.0." + i));
    }
    sockets = new BenchSockets(options.clientThreads(), sources);
    boolean needCloud = options.modes().contains(Mode.EDGE) || options.modes().contains(Mode.APIGW);
    if (options.modes().contains(Mode.BASELINE)) {
      baseline = ServerProcess.start("baseline", options, classpath, List.of("-Xms256m", "-Xmx1g"),
          "dev.place.local.bench.BroadcastBaseline", List.of(Integer.toString(options.basePort() + 20)));
    }
    if (needCloud) {
      System.out.println("starting the local cloud (engines, emulator, fanout) in its own JVM...");
      for (int attempt = 1; cloud == null; attempt++) {
        try {
          cloud = ServerProcess.start("cloud", options, classpath, List.of("-Xms256m", "-Xmx1g"),
              "dev.place.local.bench.BenchCloud",
              List.of(options.workDir().resolve("cloud").toString(), Integer.toString(options.basePort())));
        } catch (IllegalStateException e) {
          // On a crowded machine Cassandra can miss the engines' 120 s start-up limit; a second try usually makes it.
          if (attempt == 3) {
            throw e;
          }
          System.out.println(e.getMessage() + "; trying again");
        }
      }
      for (int i = 0; i < 64; i++) {
        tokens.add(token());
      }
    }
    List<Mode> active = new ArrayList<>(options.modes());
    if (active.contains(Mode.EDGE) && !listening(cloud.endpoint("edge"))) {
      System.out.println("edge mode skipped: nothing listens on " + cloud.endpoint("edge") + " (not wired in yet)");
      active.remove(Mode.EDGE);
    }
    List<Result> results = new ArrayList<>();
    // Every mode starts with a run without watchers: its server still takes 1,000 placements a
    // second (the cloud JVM runs the place path, Lambda or in-process), and that floor is what
    // delivery's own CPU is measured above.
    List<Integer> rungs = new ArrayList<>(List.of(0));
    for (Mode m : active) {
      for (int n : ladder(m)) {
        if (!rungs.contains(n)) {
          rungs.add(n);
        }
      }
    }
    rungs.sort(Integer::compare);
    // Each watcher is a descriptor in this JVM and one in the server's; both inherit this process's
    // limit. Where the hard limit cannot be raised (containers), the top rungs are clamped and say so.
    long fdLimit = ProcStats.openFileLimit();
    int maxWatchers = (int) Math.max(0, Math.min(Integer.MAX_VALUE, fdLimit - 1_000));
    if (rungs.stream().anyMatch(n -> n > maxWatchers)) {
      System.out.printf("open-file limit %d: rungs above %d watchers run with %d%n", fdLimit, maxWatchers, maxWatchers);
    }
    for (int n : rungs) {
      for (Mode m : List.copyOf(active)) {
        if (n != 0 && !ladder(m).contains(n)) {
          continue;
        }
        Result r = runOnce(m, Math.min(n, maxWatchers));
        results.add(r);
        System.out.println(describe(r));
        if (r.failedBadly() && m != Mode.BASELINE) {
          System.out.printf("%s missed its target badly at %d watchers: its ladder stops here%n", m, n);
          active.remove(m);
        }
      }
    }
    String table = DeliveryReport.table(results, options);
    System.out.println();
    System.out.println(table);
    if (options.writeDocs()) {
      Path png = Path.of("docs", "delivery-p99.png");
      DeliveryReport.plot(results, png);
      DeliveryReport.writeSection(Path.of("docs", "benchmarks.md"), table, LocalDate.now().toString());
      System.out.println("wrote docs/benchmarks.md (Delivery at scale) and " + png);
    }
  }

  private List<Integer> ladder(Mode m) {
    return m == Mode.APIGW ? options.apigwLadder() : options.edgeLadder();
  }

  private static String describe(Result r) {
    return String.format("%-8s %6d watchers (%d connected): p50 %.0f p99 %.0f max %.0f ms, never delivered %d of %d, "
            + "%.2f B/px, server %.2f cores, client %.2f cores, heap %.0f B/conn, load %.1f→%.1f, %d placement errors, "
            + "place→placed p50 %.0f p99 %.0f ms, %d frames, %d gaps, %.0f placements/s acknowledged (%d skipped)",
        r.mode(), r.watchers(), r.connected(), r.totals().latencies.percentileMillis(50), r.p99(),
        r.totals().latencies.maxMillis(), r.totals().undelivered(), r.totals().expected,
        r.totals().pixels == 0 ? Double.NaN : (double) r.totals().payloadBytes / r.totals().pixels,
        r.serverCores(), r.clientCores(), r.heapBytesPerConnection(), r.loadStart(), r.loadEnd(), r.placementErrors(),
        r.toPlaced().percentileMillis(50), r.toPlaced().percentileMillis(99), r.totals().frames, r.totals().gaps,
        r.acknowledgedRate(), r.placementsSkipped());
  }

  private Result runOnce(Mode mode, int watcherCount) throws Exception {
    ServerProcess server = mode == Mode.BASELINE ? baseline : cloud;
    double loadStart = ProcStats.loadAverage();
    DeliveryLedger ledger = new DeliveryLedger(width, height, tileSize);
    AtomicLong frames = new AtomicLong();
    List<Placer> placers = new ArrayList<>();
    for (int i = 0; i < options.placers(); i++) {
      placers.add(new Placer(ledger));
    }
    for (Placer p : placers) {
      // Edge clients place through the edge (it answers requests in process, docs/architecture.md);
      // API Gateway clients through the emulated API and the place Lambda.
      URI uri = switch (mode) {
        case BASELINE -> baseline.endpoint("ws");
        case EDGE -> withToken(cloud.endpoint("edge"), placers.indexOf(p));
        case APIGW -> withToken(cloud.endpoint("ws"), placers.indexOf(p));
      };
      p.socket = sockets.connect(uri, p).get(60, TimeUnit.SECONDS);
      p.socket.send("{\"action\":\"hello\"}");
    }
    Thread.sleep(500);
    long heapBefore = watcherCount > 0 ? ProcStats.heapAfterFullGc(server.pid()) : 0;
    List<Watcher> watchers = connectWatchers(mode, watcherCount, ledger, frames);
    int connected = (int) watchers.stream().filter(w -> w.socket != null).count();
    Thread.sleep(500);
    double heapPerConnection = watcherCount > 0 && connected > 0
        ? (double) (ProcStats.heapAfterFullGc(server.pid()) - heapBefore) / connected : Double.NaN;
    String encoding = watchers.stream().map(w -> w.encoding).filter(e -> e != null).findFirst().orElse("-");
    int droppedBefore = sockets.closedUnexpectedly.get();

    Random random = new Random(watcherCount * 31L + mode.ordinal());
    PlacementSchedule schedule = new PlacementSchedule(placers, random, options.rate());
    schedule.place(TimeUnit.SECONDS.toNanos(options.warmupSeconds()), false);
    Path jfr = options.jfr() ? options.workDir().resolve("jfr").resolve(mode.name().toLowerCase() + "-" + watcherCount + ".jfr") : null;
    if (jfr != null) {
      Files.createDirectories(jfr.getParent());
      server.jcmd("JFR.start", "name=bench", "settings=profile", "filename=" + jfr.toAbsolutePath());
    }
    long serverCpu0 = ProcStats.cpuNanos(server.pid());
    long enginesCpu0 = ProcStats.descendantsCpuNanos(server.pid());
    long clientCpu0 = ProcStats.selfCpuNanos();
    long frames0 = frames.get();
    long t0 = System.nanoTime();
    schedule.place(TimeUnit.SECONDS.toNanos(options.seconds()), true);
    long t1 = System.nanoTime();
    long serverCpu = ProcStats.cpuNanos(server.pid()) - serverCpu0;
    long enginesCpu = ProcStats.descendantsCpuNanos(server.pid()) - enginesCpu0;
    long clientCpu = ProcStats.selfCpuNanos() - clientCpu0;
    long framesInWindow = frames.get() - frames0;
    if (jfr != null) {
      server.jcmd("JFR.stop", "name=bench");
    }
    // Drain: wait until frames stop arriving (at most 15 s), so late deliveries count as late, not lost.
    long quietSince = System.nanoTime();
    long lastFrames = frames.get();
    long drainEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < drainEnd && System.nanoTime() - quietSince < TimeUnit.MILLISECONDS.toNanos(1500)) {
      Thread.sleep(100);
      long f = frames.get();
      if (f != lastFrames) {
        lastFrames = f;
        quietSince = System.nanoTime();
      }
    }
    int dropped = sockets.closedUnexpectedly.get() - droppedBefore;
    List<CompletableFuture<?>> closes = new ArrayList<>();
    for (Watcher w : watchers) {
      if (w.socket != null) {
        closes.add(toCompletable(w.socket.close()));
      }
    }
    for (Placer p : placers) {
      closes.add(toCompletable(p.socket.close()));
    }
    CompletableFuture.allOf(closes.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    DeliveryLedger.Totals totals = ledger.finish(connected);
    LatencyHistogram toPlaced = new LatencyHistogram();
    long errors = 0;
    long sent = 0;
    long skipped = 0;
    for (Placer p : placers) {
      synchronized (p) {
        toPlaced.add(p.toPlaced);
      }
      errors += p.errors.get();
      sent += p.sentMeasured;
      skipped += p.skipped;
    }
    // Let the server finish its disconnects before the next run's heap baseline.
    Thread.sleep(Math.min(10_000, 1_000 + watcherCount / 5));
    double seconds = (t1 - t0) / 1e9;
    return new Result(mode, watcherCount, connected, totals, toPlaced, sent, skipped, errors, seconds,
        serverCpu / 1e9 / seconds, enginesCpu / 1e9 / seconds, clientCpu / 1e9 / seconds, framesInWindow,
        heapPerConnection, loadStart, ProcStats.loadAverage(), encoding, dropped);
  }

  private List<Watcher> connectWatchers(Mode mode, int count, DeliveryLedger ledger, AtomicLong frames)
      throws InterruptedException {
    List<Watcher> watchers = new ArrayList<>(count);
    // A bounded number of handshakes in flight: a burst of thousands overflows accept queues.
    Semaphore inFlight = new Semaphore(200);
    List<CompletableFuture<Void>> all = new ArrayList<>(count);
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      Watcher w = new Watcher(ledger, frames, new BatchScanner(tileSize));
      watchers.add(w);
      URI uri = switch (mode) {
        case BASELINE -> baseline.endpoint("ws");
        case EDGE -> withToken(cloud.endpoint("edge"), i);
        case APIGW -> withToken(cloud.endpoint("ws"), i);
      };
      inFlight.acquire();
      CompletableFuture<Void> ready = sockets.connect(uri, w).thenCompose(s -> {
        w.socket = s;
        s.send("{\"action\":\"hello\",\"encoding\":\"binary\"}");
        return w.hello;
      }).orTimeout(120, TimeUnit.SECONDS).handle((ok, e) -> {
        inFlight.release();
        if (e != null) {
          w.socket = null;
          w.failure = e;
        }
        return null;
      });
      all.add(ready);
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    long failed = watchers.stream().filter(w -> w.socket == null).count();
    System.out.printf("%s: %d watchers connected in %.1f s%s%n", mode, count - failed, (System.nanoTime() - start) / 1e9,
        failed == 0 ? "" : ", " + failed + " failed (first: " + watchers.stream().filter(w -> w.failure != null)
            .findFirst().map(w -> String.valueOf(w.failure)).orElse("?") + ")");
    return watchers;
  }

  private static CompletableFuture<Void> toCompletable(io.netty.channel.ChannelFuture f) {
    CompletableFuture<Void> c = new CompletableFuture<>();
    f.addListener(done -> c.complete(null));
    return c;
  }

  private URI withToken(URI endpoint, int i) {
    return URI.create(endpoint + "?token=" + tokens.get(Math.floorMod(i, tokens.size())));
  }

  /** A guest token; a just-started cloud on a loaded machine may answer the first few with an error, so retry a little. */
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

  private static boolean listening(URI uri) {
    try (java.net.Socket s = new java.net.Socket()) {
      s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void stopServers() {
    for (ServerProcess p : new ServerProcess[] {baseline, cloud}) {
      if (p != null) {
        p.stop();
      }
    }
    if (sockets != null) {
      sockets.close();
    }
  }

  /** Sends {@code rate} placements a second, open loop, at random pixels, round-robin over the placers. */
  private final class PlacementSchedule {
    private final List<Placer> placers;
    private final Random random;
    private final int rate;
    private long count;

    PlacementSchedule(List<Placer> placers, Random random, int rate) {
      this.placers = placers;
      this.random = random;
      this.rate = rate;
    }

    void place(long durationNanos, boolean measured) throws InterruptedException {
      long start = System.nanoTime();
      long sentHere = 0;
      while (true) {
        long elapsed = System.nanoTime() - start;
        if (elapsed >= durationNanos) {
          return;
        }
        // Catch up to the schedule (the thread may oversleep on a loaded machine), then nap 2 ms.
        long due = elapsed * rate / 1_000_000_000L;
        while (sentHere < due) {
          Placer p = placers.get((int) (count++ % placers.size()));
          p.place(random.nextInt(width), random.nextInt(height), random.nextInt(16), measured);
          sentHere++;
        }
        Thread.sleep(2);
      }
    }
  }

  /** A placing connection: never a watcher, its batches are ignored. */
  private final class Placer implements BenchSockets.Listener {
    private final DeliveryLedger ledger;
    private final Map<Integer, Long> outstanding = new ConcurrentHashMap<>();
    private final LatencyHistogram toPlaced = new LatencyHistogram();
    private final AtomicLong errors = new AtomicLong();
    long sentMeasured;
    long skipped;
    BenchSockets.Socket socket;

    Placer(DeliveryLedger ledger) {
      this.ledger = ledger;
    }

    void place(int x, int y, int colour, boolean measured) {
      int key = y * width + x;
      long now = System.nanoTime();
      // The answer names the pixel, not the request: one pixel has at most one placement in flight per placer.
      // Open loop up to a bound: the emulated API runs a bounded number of place Lambdas at once and the edge
      // answers one request of a connection at a time, so a placement path slower than the schedule would
      // otherwise queue without end and every latency would measure the queue. Placements over the bound are
      // skipped and counted.
      if (outstanding.size() >= MAX_IN_FLIGHT_PER_PLACER) {
        if (measured) {
          skipped++;
        }
        return;
      }
      if (outstanding.putIfAbsent(key, measured ? now : -now) != null) {
        return;
      }
      if (measured) {
        ledger.sending(ledger.tileIndex(x / tileSize, y / tileSize));
        sentMeasured++;
      }
      socket.send("{\"action\":\"place\",\"x\":" + x + ",\"y\":" + y + ",\"color\":" + colour + "}");
    }

    private int debugged;

    @Override
    public void onText(ByteBuf payload, long nowNanos) {
      if (DEBUG && debugged++ < 5) {
        System.out.println("placer got: " + payload.toString(StandardCharsets.UTF_8));
      }
      if (payload.readableBytes() < 16 || payload.getByte(payload.readerIndex()) != '{'
          || payload.toString(payload.readerIndex(), 16, StandardCharsets.US_ASCII).startsWith("{\"type\":\"batch")) {
        return; // a batch (JSON or base64): placers do not watch
      }
      try {
        JsonNode m = JSON.readTree(ByteBufUtil.getBytes(payload));
        String type = m.path("type").asText();
        if (type.equals("placed")) {
          int x = m.get("x").asInt();
          int y = m.get("y").asInt();
          Long sent = outstanding.remove(y * width + x);
          if (sent != null && sent > 0) {
            String[] tile = m.get("tile").asText().split(":");
            // Latency starts at the answer: the placement is durable from here (docs/protocol.md), and the
            // place path's own queueing (8 emulated place Lambdas) stays out of the delivery figures.
            ledger.placed(ledger.tileIndex(Integer.parseInt(tile[0]), Integer.parseInt(tile[1])), m.get("seq").asLong(),
                nowNanos);
            synchronized (this) {
              toPlaced.record(nowNanos - sent);
            }
          }
        } else if (type.equals("error")) {
          errors.incrementAndGet();
        }
      } catch (IOException e) {
        errors.incrementAndGet();
      }
    }

    @Override
    public void onBinary(ByteBuf payload, long nowNanos) {}
  }

  /** A watching connection: every batch frame it gets goes into the ledger. */
  private static final class Watcher implements BenchSockets.Listener, BatchScanner.RunSink {
    private final DeliveryLedger ledger;
    private final DeliveryLedger.View view;
    private final AtomicLong frames;
    private final BatchScanner scanner;
    final CompletableFuture<Void> hello = new CompletableFuture<>();
    volatile BenchSockets.Socket socket;
    volatile Throwable failure;
    volatile String encoding;
    private long now;

    Watcher(DeliveryLedger ledger, AtomicLong frames, BatchScanner scanner) {
      this.ledger = ledger;
      this.view = ledger.newView();
      this.frames = frames;
      this.scanner = scanner;
    }

    @Override
    public void onText(ByteBuf payload, long nowNanos) {
      if (payload.readableBytes() == 0) {
        return;
      }
      now = nowNanos;
      if (payload.getByte(payload.readerIndex()) == '{') {
        byte[] bytes = ByteBufUtil.getBytes(payload);
        int pixels = scanner.scanJson(bytes, 0, bytes.length, this);
        if (pixels >= 0) {
          counted(bytes.length, pixels);
        } else if (!hello.isDone() && new String(bytes, StandardCharsets.UTF_8).contains("\"type\":\"hello\"")) {
          String text = new String(bytes, StandardCharsets.UTF_8);
          encoding = text.contains("\"encoding\":\"binary\"") ? "binary" : "json";
          hello.complete(null);
        }
      } else {
        // API Gateway mode's binary batches: base64 text (docs/protocol.md, Binary batches).
        int length = payload.readableBytes();
        ByteBuf decoded = Base64.decode(payload);
        try {
          counted(length, scanner.scanBinary(decoded, this));
        } finally {
          decoded.release();
        }
      }
    }

    @Override
    public void onBinary(ByteBuf payload, long nowNanos) {
      now = nowNanos;
      counted(payload.readableBytes(), scanner.scanBinary(payload, this));
    }

    private void counted(int payloadBytes, int pixels) {
      ledger.frame(payloadBytes, pixels);
      frames.incrementAndGet();
    }

    @Override
    public void run(int tx, int ty, long firstSeq, long lastSeq, int kind) {
      ledger.deliver(view, ledger.tileIndex(tx, ty), firstSeq, lastSeq, kind == 2, now);
    }
  }

  /** A server JVM the benchmark started: its stdout goes to a log, its stdin keeps it alive. */
  static final class ServerProcess {
    private final Process process;
    private final Map<String, URI> endpoints;
    private final OutputStream stdin;

    private ServerProcess(Process process, Map<String, URI> endpoints) {
      this.process = process;
      this.endpoints = endpoints;
      this.stdin = process.getOutputStream();
    }

    static ServerProcess start(String name, Options options, List<String> classpath, List<String> jvmOptions,
        String mainClass, List<String> args) throws IOException, InterruptedException {
      return start(name, options.workDir(), classpath, jvmOptions, mainClass, args);
    }

    /** Also for the throughput benchmark, which has a work directory of its own. */
    static ServerProcess start(String name, Path workDir, List<String> classpath, List<String> jvmOptions,
        String mainClass, List<String> args) throws IOException, InterruptedException {
      List<String> command = new ArrayList<>();
      command.add(Path.of(ProcessHandle.current().info().command().orElse("java")).toString());
      command.addAll(jvmOptions);
      command.add("-cp");
      command.add(String.join(java.io.File.pathSeparator, classpath));
      command.add(mainClass);
      command.addAll(args);
      Path log = workDir.resolve(name + ".log");
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      PrintWriter logWriter = new PrintWriter(Files.newBufferedWriter(log), true);
      CompletableFuture<Map<String, URI>> ready = new CompletableFuture<>();
      Thread pump = new Thread(() -> {
        try {
          for (String line; (line = out.readLine()) != null; ) {
            logWriter.println(line);
            if (line.startsWith("BENCH-READY ")) {
              Map<String, URI> e = new LinkedHashMap<>();
              for (String part : line.substring(12).split(" ")) {
                String[] kv = part.split("=", 2);
                if (kv[1].contains("://")) {
                  e.put(kv[0], URI.create(kv[1]));
                }
              }
              ready.complete(e);
            }
          }
        } catch (IOException ignored) {
          // the process ended
        }
        ready.completeExceptionally(new IllegalStateException(name + " exited before it was ready; see " + log));
      }, name + "-log");
      pump.setDaemon(true);
      pump.start();
      try {
        Map<String, URI> endpoints = ready.get(5, TimeUnit.MINUTES);
        System.out.printf("%s ready (pid %d): %s%n", name, p.pid(), endpoints);
        return new ServerProcess(p, endpoints);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        p.destroyForcibly();
        throw new IllegalStateException(name + " did not start; see " + log, e);
      }
    }

    URI endpoint(String name) {
      return endpoints.get(name);
    }

    long pid() {
      return process.pid();
    }

    void jcmd(String... command) {
      List<String> c = new ArrayList<>();
      c.add(Path.of(ProcessHandle.current().info().command().orElse("java")).resolveSibling("jcmd").toString());
      c.add(Long.toString(process.pid()));
      c.addAll(List.of(command));
      try {
        Process j = new ProcessBuilder(c).redirectErrorStream(true).start();
        String out = new String(j.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        j.waitFor(60, TimeUnit.SECONDS);
        System.out.println("jcmd " + String.join(" ", command) + ": " + out.lines().skip(1).collect(Collectors.joining(" ")));
      } catch (IOException e) {
        System.out.println("jcmd failed: " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void stop() {
      try {
        stdin.close(); // it shuts down cleanly (engines included) when its stdin closes
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroy();
          process.waitFor(20, TimeUnit.SECONDS);
        }
      } catch (IOException | InterruptedException e) {
        process.destroy();
      }
    }
  }
}
