package dev.place.local.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * "Any free port" for the local cloud's servers and engines, taken below the kernel's ephemeral range
 * (32768-60999 on Linux): a server there can collide with the outgoing connections a load run opens by
 * the thousand. Above the fixed defaults (3000-3004, 16379-19093) and the benchmarks' and drills'
 * fixed bases (24000-27999).
 */
public final class FreeLoopbackPorts {

  static final int FIRST = 28_000;
  static final int END = 32_768;

  private FreeLoopbackPorts() {}

  /** A socket bound to a free port of the range, from a random start so that parallel runs spread. */
  public static ServerSocket bind() throws IOException {
    int span = END - FIRST;
    int start = ThreadLocalRandom.current().nextInt(span);
    IOException last = null;
    for (int i = 0; i < span; i++) {
      ServerSocket socket = new ServerSocket();
      try {
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(PortAllocator.LOOPBACK, FIRST + (start + i) % span), 1);
        return socket;
      } catch (IOException e) {
        socket.close();
        last = e;
      }
    }
    throw new IOException("no free loopback port in " + FIRST + "-" + (END - 1), last);
  }

  /** {@code port}, or for 0 ("any") a free port of the range rather than the kernel's ephemeral one. */
  public static int orAny(int port) {
    return port == 0 ? pick() : port;
  }

  /** A free port of the range (free now: the caller binds it soon). */
  public static int pick() {
    try (ServerSocket socket = bind()) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
