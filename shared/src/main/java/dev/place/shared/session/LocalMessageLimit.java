package dev.place.shared.session;

import java.time.Duration;

/**
 * The per-connection message limit where the process holds the socket (the edge): each connection's
 * {@link ConnectionState#messageWindow()} counts in memory, so counting costs no Redis call.
 */
public final class LocalMessageLimit implements MessageLimit {

  private final int limit;
  private final long windowMillis;

  public LocalMessageLimit(int limit, Duration window) {
    if (limit < 1 || window.toMillis() < 1) {
      throw new IllegalArgumentException("a message limit needs a positive count and window");
    }
    this.limit = limit;
    this.windowMillis = window.toMillis();
  }

  @Override
  public Duration count(ConnectionState connection, long nowMillis) {
    MessageWindow window = connection.messageWindow();
    if (window == null) {
      throw new IllegalStateException("connection " + connection.connectionId() + " keeps no message window in memory");
    }
    long wait = window.count(nowMillis, limit, windowMillis);
    return wait == 0 ? null : Duration.ofMillis(wait);
  }
}
