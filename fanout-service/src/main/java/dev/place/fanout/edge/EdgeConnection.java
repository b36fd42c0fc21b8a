package dev.place.fanout.edge;

import dev.place.shared.delivery.Backlog;
import dev.place.shared.delivery.DeliveryPreferences;
import dev.place.shared.delivery.Encoding;
import dev.place.shared.delivery.Subscription;
import dev.place.shared.session.ConnectionState;
import dev.place.shared.session.MessageWindow;
import io.netty.channel.Channel;
import java.util.ArrayDeque;

/**
 * One client socket of the edge: who it is, how it wants its batches, what it has not been sent yet
 * and which of its requests wait for an answer. Kept small (an idle connection costs its socket and
 * this), so the backlog and the request queue exist only while they hold something.
 *
 * <p>Threads: the preferences are written by the answer thread running the connection's requests
 * (one at a time) and read by its event loop; the backlog and the timestamps belong to the event
 * loop; the request queue is guarded by this object's monitor.
 */
final class EdgeConnection implements ConnectionState {

  final Channel channel;
  private final String id;
  private final String userId;
  private final String sourceIp;
  private volatile DeliveryPreferences preferences = DeliveryPreferences.DEFAULT;
  // Answer threads only, one request at a time (the request queue's monitor orders the hand-overs).
  private final MessageWindow messages = new MessageWindow();

  // Event loop only.
  private Backlog backlog;
  private long backlogSinceMillis;
  long lastReadMillis;
  long lastPingMillis;
  int slot = -1;

  // Guarded by this.
  private ArrayDeque<String> requests;
  private boolean answering;
  private boolean paused;

  EdgeConnection(Channel channel, String id, String userId, String sourceIp, long nowMillis) {
    this.channel = channel;
    this.id = id;
    this.userId = userId;
    this.sourceIp = sourceIp;
    this.lastReadMillis = nowMillis;
    this.lastPingMillis = nowMillis;
  }

  @Override
  public String connectionId() {
    return id;
  }

  @Override
  public MessageWindow messageWindow() {
    return messages;
  }

  @Override
  public String userId() {
    return userId;
  }

  @Override
  public String sourceIp() {
    return sourceIp;
  }

  @Override
  public void setEncoding(Encoding encoding) {
    DeliveryPreferences now = preferences;
    preferences = new DeliveryPreferences(encoding, now.subscription());
  }

  @Override
  public void subscribe(Subscription subscription) {
    DeliveryPreferences now = preferences;
    preferences = new DeliveryPreferences(now.encoding(), subscription);
  }

  DeliveryPreferences preferences() {
    return preferences;
  }

  boolean hasBacklog() {
    return backlog != null;
  }

  /** The backlog, begun now if there was none. */
  Backlog backlog(long nowMillis) {
    if (backlog == null) {
      backlog = new Backlog();
      backlogSinceMillis = nowMillis;
    }
    return backlog;
  }

  /** Since when the oldest unsent run waits; meaningful only while {@link #hasBacklog()}. */
  long backlogSinceMillis() {
    return backlogSinceMillis;
  }

  /** Forgets the backlog (its runs were taken); an idle connection holds none. */
  void clearBacklog() {
    backlog = null;
  }

  /**
   * Queues a request. True when no answer thread works for this connection yet: the caller starts
   * one, which then takes requests until {@link #nextRequest} finds none. With {@code maxPending}
   * waiting, the socket stops being read; the pause and its end are decided under this monitor, so
   * they cannot overtake each other.
   */
  synchronized boolean enqueue(String body, int maxPending) {
    if (requests == null) {
      requests = new ArrayDeque<>(2);
    }
    requests.addLast(body);
    if (requests.size() >= maxPending && !paused) {
      paused = true;
      channel.config().setAutoRead(false);
    }
    if (answering) {
      return false;
    }
    answering = true;
    return true;
  }

  /** The next request, or null when there is none, and then the answer thread stops. */
  synchronized String nextRequest(int maxPending) {
    String next = requests == null ? null : requests.pollFirst();
    if (paused && (next == null || requests.size() < maxPending)) {
      paused = false;
      channel.config().setAutoRead(true);
    }
    if (next == null) {
      answering = false;
      requests = null;
    }
    return next;
  }

  @Override
  public String toString() {
    return "edge connection " + id;
  }
}
