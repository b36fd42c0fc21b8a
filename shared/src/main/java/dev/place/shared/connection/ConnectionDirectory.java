package dev.place.shared.connection;

import dev.place.shared.delivery.Encoding;
import dev.place.shared.delivery.Subscription;

/** Which user each open WebSocket connection belongs to. */
public interface ConnectionDirectory {

  void register(String connectionId, String userId);

  /** Returns whether the connection was registered. */
  boolean unregister(String connectionId);

  /** The connection's user, or null when the connection is not (or no longer) registered. */
  String userOf(String connectionId);

  /** Remembers the batch encoding the connection chose in hello. */
  void setEncoding(String connectionId, Encoding encoding);

  /** Remembers which tiles the connection receives. */
  void subscribe(String connectionId, Subscription subscription);
}
