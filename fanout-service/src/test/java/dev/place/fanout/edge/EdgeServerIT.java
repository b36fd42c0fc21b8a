package dev.place.fanout.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.place.shared.auth.TokenService;
import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.canvas.TileId;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.delivery.BinaryBatchCodec;
import dev.place.shared.delivery.JsonBatchCodec;
import dev.place.shared.delivery.Runs;
import dev.place.shared.delivery.TileRun;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.event.PixelEventCodec;
import dev.place.shared.placement.CanvasStore;
import dev.place.shared.placement.Cooldowns;
import dev.place.shared.placement.PlacementService;
import dev.place.shared.session.ClientRequests;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real edge on a loopback port, real WebSocket clients (the JDK's), and the real {@link ClientRequests}
 * over an in-memory canvas store whose published events the test turns into intervals, as the fanout does.
 */
class EdgeServerIT {

  private static final int TILE = 256;
  private static final CanvasGeometry CANVAS = new CanvasGeometry(1024, 1024, TILE);

  private final TokenService tokens = new TokenService("an edge test secret, 16+", Duration.ofHours(1));
  private final Map<TileId, AtomicLong> sequences = new ConcurrentHashMap<>();
  private final LinkedBlockingQueue<PixelEvent> published = new LinkedBlockingQueue<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<WebSocket> sockets = new CopyOnWriteArrayList<>();
  private EdgeServer edge;

  @BeforeEach
  void start() {
    Cooldowns noCooldown = new Cooldowns() {
      @Override
      public Duration claim(String userId, String claimId, Duration cooldown) {
        return Duration.ZERO;
      }

      @Override
      public void refund(String userId, String claimId) {}

      @Override
      public Duration remaining(String userId) {
        return Duration.ZERO;
      }
    };
    CanvasStore store = new CanvasStore() {
      @Override
      public long writePixel(TileId tile, int indexInTile, int colour, String eventPrefix, String eventSuffix) {
        return sequences.computeIfAbsent(tile, t -> new AtomicLong()).incrementAndGet();
      }

      @Override
      public void forgetJournaled(TileId tile, long seq) {}

      @Override
      public TileSnapshot snapshot(TileId tile) {
        throw new UnsupportedOperationException("the edge never reads snapshots");
      }
    };
    Clock clock = Clock.systemUTC();
    PlacementService placement = new PlacementService(CANVAS, Duration.ofMinutes(5), store, noCooldown,
        (ip, now) -> null, (tile, json, timeout) -> published.add(PixelEventCodec.decode(json)),
        Duration.ofSeconds(1), clock);
    ClientRequests requests = new ClientRequests(PlaceConfig.from(n -> null), placement, noCooldown, () -> CANVAS, clock);
    edge = new EdgeServer(EdgeSettings.defaults("127.0.0.1", 0).withWriteBuffer(8 * 1024, 16 * 1024), tokens,
        requests, TILE);
    edge.start();
  }

  @AfterEach
  void stop() {
    sockets.forEach(WebSocket::abort);
    edge.close();
  }

  @Test
  void aPlacementFromOneEdgeClientReachesBinaryAndJsonWatchersAsTheSameRuns() throws Exception {
    Client binary = connect("guest-bin");
    Client json = connect("guest-json");
    assertThat(binary.ask("{\"action\":\"hello\",\"encoding\":\"binary\",\"id\":\"h\"}"))
        .contains("\"type\":\"hello\"", "\"userId\":\"guest-bin\"", "\"encoding\":\"binary\"", "\"id\":\"h\"");
    assertThat(json.ask("{\"action\":\"hello\"}")).contains("\"encoding\":\"json\"");

    assertThat(json.ask("{\"action\":\"place\",\"x\":300,\"y\":20,\"color\":5}"))
        .contains("\"type\":\"placed\"", "\"tile\":\"1:0\"", "\"seq\":1");
    deliverPublished();

    List<TileRun> runs = binary.nextBinaryBatch();
    assertThat(runs).containsExactly(TileRun.sequence(new TileId(1, 0), 1, TileRun.pixel(20 * TILE + 44, 5)));
    assertThat(json.nextText()).isEqualTo(new JsonBatchCodec(TILE).encode(runs, 120 * 1024).get(0));
  }

  @Test
  void aClientAnsweredOutOfOrderNeverHappensEachAnswerEchoesItsRequestInTurn() throws Exception {
    Client client = connect("guest-order");
    for (int i = 0; i < 20; i++) {
      client.socket.sendText("{\"action\":\"ping\",\"id\":" + i + "}", true).join();
    }
    for (int i = 0; i < 20; i++) {
      assertThat(client.nextText()).contains("\"type\":\"pong\"").startsWith("{\"id\":" + i + ",");
    }
  }

  @Test
  void aSubscribedClientGetsOnlyItsTiles() throws Exception {
    Client all = connect("guest-all");
    Client viewer = connect("guest-view");
    all.ask("{\"action\":\"hello\",\"encoding\":\"binary\"}");
    viewer.ask("{\"action\":\"hello\",\"encoding\":\"binary\"}");
    assertThat(viewer.ask("{\"action\":\"subscribe\",\"area\":[1,1,2,1]}")).doesNotContain("error");
    TileRun outside = TileRun.sequence(new TileId(0, 0), 1, TileRun.pixel(1, 1));
    TileRun inside = TileRun.sequence(new TileId(2, 1), 1, TileRun.pixel(2, 2));

    edge.deliver(List.of(outside, inside));

    assertThat(all.nextBinaryBatch()).containsExactly(outside, inside);
    assertThat(viewer.nextBinaryBatch()).containsExactly(inside);
  }

  @Test
  void aClientThatStopsReadingEndsWithExactlyTheFastClientsTilesAfterItResumes() throws Exception {
    Client fast = connect("guest-fast");
    Client slow = connect("guest-slow");
    fast.ask("{\"action\":\"hello\",\"encoding\":\"binary\"}");
    slow.ask("{\"action\":\"hello\",\"encoding\":\"binary\"}");
    slow.pause();
    TileId[] tiles = {new TileId(0, 0), new TileId(1, 0)};
    Map<TileId, Long> seq = new HashMap<>();
    java.util.Random random = new java.util.Random(9);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    int intervals = 0;
    // Overwrites within 2,000 pixels a tile: the backlog coalesces them and never needs a resync.
    while (intervals < 20 || edge.stats().backlogged() == 0) {
      assertThat(System.nanoTime()).as("the slow client's socket should fill").isLessThan(deadline);
      List<TileRun> runs = new ArrayList<>();
      for (TileId tile : tiles) {
        int[] px = new int[400];
        for (int i = 0; i < px.length; i++) {
          px[i] = TileRun.pixel(random.nextInt(2000), random.nextInt(16));
        }
        long first = seq.merge(tile, (long) px.length, Long::sum) - px.length + 1;
        runs.add(TileRun.sequence(tile, first, px));
      }
      edge.deliver(runs);
      intervals++;
      Thread.sleep(2);
    }
    assertThat(edge.stats().maxLagMillis()).isGreaterThanOrEqualTo(0);

    slow.resume();
    Map<TileId, Long> done = seq;
    await(() -> fast.view.at(done) && slow.view.at(done));

    for (TileId tile : tiles) {
      assertThat(differingPixels(slow.view.colours.get(tile), fast.view.colours.get(tile)))
          .as("pixels of tile %s where the slow client differs from the fast one", tile).isZero();
    }
    assertThat(slow.view.gaps).as("no refetch needed").isZero();
    assertThat(fast.view.gaps).isZero();
    assertThat(edge.stats().coalescedRuns()).isPositive();
    assertThat(edge.stats().resyncRuns()).isZero();
  }

  @Test
  void anUpgradeWithABadTokenIsRefusedWith401() {
    assertThatThrownBy(() -> http.newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + edge.port() + "/?token=nope"), new WebSocket.Listener() {}).join())
        .isInstanceOf(CompletionException.class)
        .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class, e -> {
          assertThat(e.getResponse().statusCode()).isEqualTo(401);
          assertThat(e.getResponse().body()).isEqualTo("malformed token");
        });
  }

  @Test
  void startingOnATakenPortFailsNamingTheAddress() {
    EdgeServer second = new EdgeServer(EdgeSettings.defaults("127.0.0.1", edge.port()), tokens, (c, body) -> null,
        TILE, Clock.systemUTC());
    assertThatThrownBy(second::start).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot listen on 127.0.0.1:" + edge.port());
  }

  private static int differingPixels(int[] a, int[] b) {
    int n = 0;
    for (int i = 0; i < a.length; i++) {
      n += a[i] == b[i] ? 0 : 1;
    }
    return n;
  }

  private void deliverPublished() throws InterruptedException {
    PixelEvent first = published.poll(5, TimeUnit.SECONDS);
    assertThat(first).as("the placement was published").isNotNull();
    List<PixelEvent> events = new ArrayList<>(List.of(first));
    published.drainTo(events);
    Map<TileId, List<PixelEvent>> byTile = new TreeMap<>(java.util.Comparator.comparingLong(t -> (long) t.ty() << 16 | t.tx()));
    for (PixelEvent e : events) {
      byTile.computeIfAbsent(e.tile(), t -> new ArrayList<>()).add(e);
    }
    edge.deliver(Runs.of(byTile, TILE));
  }

  private Client connect(String user) {
    Client client = new Client();
    String token = tokens.issue(user, Instant.now()).token();
    client.socket = http.newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + edge.port() + "/?token=" + token), client).join();
    sockets.add(client.socket);
    return client;
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 20 s").isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  /** A client's picture of the tiles, updated by the rule of docs/protocol.md for every run. */
  static final class View {
    final Map<TileId, int[]> colours = new ConcurrentHashMap<>();
    final Map<TileId, Long> seq = new ConcurrentHashMap<>();
    volatile int gaps;

    synchronized void apply(List<TileRun> runs) {
      for (TileRun run : runs) {
        long mine = seq.getOrDefault(run.tile(), 0L);
        if (run.lastSeq() <= mine) {
          continue;
        }
        if (run.firstSeq() > mine + 1 || run.kind() == TileRun.Kind.RESYNC) {
          gaps++;
        }
        int[] tile = colours.computeIfAbsent(run.tile(), t -> new int[TILE * TILE]);
        for (int p : run.pixels()) {
          tile[TileRun.indexOf(p)] = TileRun.colourOf(p);
        }
        seq.put(run.tile(), run.lastSeq());
      }
    }

    boolean at(Map<TileId, Long> wanted) {
      return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(seq.get(e.getKey())));
    }
  }

  /** A JDK WebSocket that keeps text answers and applies binary batches; it reads only while not paused. */
  final class Client implements WebSocket.Listener {
    final View view = new View();
    final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<List<TileRun>> batches = new LinkedBlockingQueue<>();
    private final BinaryBatchCodec codec = new BinaryBatchCodec(TILE);
    private final StringBuilder text = new StringBuilder();
    private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
    private volatile boolean paused;
    WebSocket socket;

    String ask(String request) throws InterruptedException {
      socket.sendText(request, true).join();
      return nextText();
    }

    String nextText() throws InterruptedException {
      String next = texts.poll(10, TimeUnit.SECONDS);
      assertThat(next).as("a text message within 10 s").isNotNull();
      return next;
    }

    List<TileRun> nextBinaryBatch() throws InterruptedException {
      List<TileRun> next = batches.poll(10, TimeUnit.SECONDS);
      assertThat(next).as("a binary batch within 10 s").isNotNull();
      return next;
    }

    void pause() {
      paused = true;
    }

    void resume() {
      paused = false;
      socket.request(1);
    }

    @Override
    public CompletableFuture<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        texts.add(text.toString());
        text.setLength(0);
      }
      next(webSocket);
      return null;
    }

    @Override
    public CompletableFuture<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      binary.writeBytes(bytes);
      if (last) {
        List<TileRun> runs = codec.decode(binary.toByteArray());
        binary = new java.io.ByteArrayOutputStream();
        view.apply(runs);
        batches.add(runs);
      }
      next(webSocket);
      return null;
    }

    private void next(WebSocket webSocket) {
      if (!paused) {
        webSocket.request(1);
      }
    }
  }
}
