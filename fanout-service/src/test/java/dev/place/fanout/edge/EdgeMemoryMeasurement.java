package dev.place.fanout.edge;

import dev.place.shared.auth.TokenService;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Heap per idle edge connection: a measurement, not a test. The edge runs here; N idle clients (raw
 * sockets that did the handshake and then stay silent) run in a child JVM so their objects are not
 * counted. Prints the heap used after a full GC before and after they connect, divided by N.
 *
 * <pre>
 * ./mvnw -B -o -q test-compile -pl fanout-service -am
 * ./mvnw -B -o -q dependency:build-classpath -pl fanout-service -Dmdep.outputFile=/tmp/cp.txt
 * java -cp fanout-service/target/test-classes:fanout-service/target/classes:$(cat /tmp/cp.txt) \
 *     dev.place.fanout.edge.EdgeMemoryMeasurement 2000
 * </pre>
 */
public final class EdgeMemoryMeasurement {

  private static final String SECRET = "a memory measurement secret";

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("client")) {
      clients(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      return;
    }
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    TokenService tokens = new TokenService(SECRET, Duration.ofHours(1));
    try (EdgeServer edge = new EdgeServer(EdgeSettings.defaults("127.0.0.1", 0), tokens, (c, body) -> null, 256,
        Clock.systemUTC())) {
      edge.start();
      Thread.sleep(500);
      long before = usedAfterGc();
      Process clients = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
          System.getProperty("java.class.path"), EdgeMemoryMeasurement.class.getName(), "client",
          String.valueOf(edge.port()), String.valueOf(n)).inheritIO().start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (edge.connections() < n && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      Thread.sleep(1000);
      long after = usedAfterGc();
      System.out.printf("connections=%d heapBefore=%d heapAfter=%d bytesPerConnection=%d%n",
          edge.connections(), before, after, (after - before) / Math.max(1, edge.connections()));
      clients.destroy();
    }
  }

  private static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void clients(int port, int n) throws IOException, InterruptedException {
    TokenService tokens = new TokenService(SECRET, Duration.ofHours(1));
    List<SocketChannel> open = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SocketChannel socket = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
      String token = tokens.issue("user-m" + i, Instant.now()).token();
      socket.write(StandardCharsets.US_ASCII.encode("GET /?token=" + token + " HTTP/1.1\r\nHost: edge\r\n"
          + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Sec-WebSocket-Version: 13\r\n\r\n"));
      ByteBuffer response = ByteBuffer.allocate(1024);
      while (!StandardCharsets.US_ASCII.decode(response.duplicate().flip()).toString().contains("\r\n\r\n")) {
        if (socket.read(response) < 0) {
          throw new IOException("closed during the handshake");
        }
      }
      if (!StandardCharsets.US_ASCII.decode(response.flip()).toString().startsWith("HTTP/1.1 101")) {
        throw new IOException("handshake refused");
      }
      open.add(socket);
    }
    Thread.sleep(Long.MAX_VALUE);
  }
}
