package dev.place.shared.session;

/**
 * One connection's fixed-window message count, kept in memory by the transport that holds the
 * socket (the edge). Not thread-safe by itself: a connection's messages are answered one at a
 * time, and the hand-over between answer threads goes through a monitor, which orders these writes.
 */
public final class MessageWindow {

  private long window = Long.MIN_VALUE;
  private int count;

  /**
   * Counts one message at {@code nowMillis}; returns the milliseconds until the window ends when this
   * message is over {@code limit} in its window, else 0.
   */
  public long count(long nowMillis, int limit, long windowMillis) {
    long current = Math.floorDiv(nowMillis, windowMillis);
    if (current != window) {
      window = current;
      count = 0;
    }
    if (count < limit) {
      count++;
      return 0;
    }
    return (current + 1) * windowMillis - nowMillis;
  }
}
