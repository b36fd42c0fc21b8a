package dev.place.shared.session;

import dev.place.shared.delivery.Encoding;
import dev.place.shared.delivery.Subscription;

/**
 * What a transport knows of one client connection: API Gateway's (the connection registry in
 * Redis) or the edge's (the socket itself).
 */
public interface ConnectionState {

  String connectionId();

  /** The signed-in user, or null when the connection has none (any more). */
  String userId();

  String sourceIp();

  /** The encoding the client chose in {@code hello}; batches use it from the next interval on. */
  void setEncoding(Encoding encoding);

  /** The tiles the client receives from the next interval on. */
  void subscribe(Subscription subscription);

  /**
   * This connection's message count, where the transport keeps one in memory (the edge's socket);
   * null where it cannot (API Gateway: each message may reach another execution environment).
   */
  default MessageWindow messageWindow() {
    return null;
  }
}
