package dev.place.local.bench;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One placing connection of the throughput benchmark. Each placement carries a numeric {@code id}
 * (docs/protocol.md), so its answer is matched without parsing JSON: the send time sits in a ring
 * indexed by id. Closed loop keeps {@code window} placements in flight (each answer sends the
 * next); open loop sends when the schedule says, skipping (and counting) a placement when
 * {@code window} are already in flight. Answers arrive on the socket's event loop only, so the
 * histogram and the acknowledged-placement log need no locks.
 */
final class ThroughputPlacer implements BenchSockets.Listener {

  private static final int RING = 4096;

  private final int width;
  private final int height;
  private final int tileSize;
  private volatile int window;
  private final SplittableRandom random;
  private final AtomicLongArray sentAt = new AtomicLongArray(RING);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AcknowledgedPlacements acknowledged;
  private long nextId;
  volatile BenchSockets.Socket socket;
  volatile boolean closedLoop;
  volatile boolean measuring;

  // Event-loop only.
  LatencyHistogram toPlaced = new LatencyHistogram();
  long placedCount;
  long measuredPlaced;
  long skipped;
  final Map<String, Long> errors = new TreeMap<>();

  ThroughputPlacer(int width, int height, int tileSize, int window, long seed, AcknowledgedPlacements acknowledged) {
    window(window);
    this.width = width;
    this.height = height;
    this.tileSize = tileSize;
    this.window = window;
    this.random = new SplittableRandom(seed);
    this.acknowledged = acknowledged;
  }

  /** Closed loop: fills the window; every answer then sends one more while {@link #closedLoop} holds. */
  void startClosedLoop() {
    closedLoop = true;
    for (int i = inFlight.get(); i < window; i++) {
      sendOne();
    }
  }

  /** Open loop: one placement now unless the window is full (then it is skipped and counted). */
  synchronized void sendScheduled() {
    if (inFlight.get() >= window) {
      skipped++;
      return;
    }
    sendOne();
  }

  /** How many placements may be in flight at once (a ring of send times holds twice as many). */
  void window(int placements) {
    if (placements < 1 || placements > RING / 2) {
      throw new IllegalArgumentException("1 to " + RING / 2 + " placements in flight per connection");
    }
    this.window = placements;
  }

  /** Runs {@code task} on the socket's event loop, where the answers are counted. */
  void onLoop(Runnable task) {
    socket.execute(task);
  }

  int inFlight() {
    return inFlight.get();
  }

  private synchronized void sendOne() {
    long id = ++nextId;
    int x = random.nextInt(width);
    int y = random.nextInt(height);
    int colour = random.nextInt(16);
    inFlight.incrementAndGet();
    sentAt.set((int) (id & (RING - 1)), System.nanoTime());
    socket.send("{\"action\":\"place\",\"id\":" + id + ",\"x\":" + x + ",\"y\":" + y + ",\"color\":" + colour + "}");
  }

  @Override
  public void onText(ByteBuf payload, long nowNanos) {
    String text = payload.toString(StandardCharsets.UTF_8);
    if (!text.startsWith("{\"id\":")) {
      return; // a batch or anything else not answering a placement
    }
    long id = longAfter(text, "{\"id\":");
    long latency = nowNanos - sentAt.get((int) (id & (RING - 1)));
    inFlight.decrementAndGet();
    if (text.contains("\"type\":\"placed\"")) {
      placedCount++;
      int x = (int) longAfter(text, "\"x\":");
      int y = (int) longAfter(text, "\"y\":");
      int colour = (int) longAfter(text, "\"color\":");
      long seq = longAfter(text, "\"seq\":");
      acknowledged.add(x / tileSize, y / tileSize, seq, (y % tileSize) * tileSize + (x % tileSize), colour);
      if (measuring) {
        measuredPlaced++;
        toPlaced.record(latency);
      }
    } else {
      int at = text.indexOf("\"code\":\"");
      String code = at < 0 ? "no code: " + text : text.substring(at + 8, text.indexOf('"', at + 8));
      errors.merge(code, 1L, Long::sum);
    }
    if (closedLoop) {
      sendOne();
    }
  }

  @Override
  public void onBinary(ByteBuf payload, long nowNanos) {}

  static long longAfter(String text, String key) {
    int i = text.indexOf(key);
    if (i < 0) {
      throw new IllegalArgumentException("no " + key + " in " + text);
    }
    i += key.length();
    long n = 0;
    for (; i < text.length() && Character.isDigit(text.charAt(i)); i++) {
      n = n * 10 + (text.charAt(i) - '0');
    }
    return n;
  }
}
