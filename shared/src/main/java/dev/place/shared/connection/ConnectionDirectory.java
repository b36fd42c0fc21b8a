package dev.place.shared.connection;

/** Which user each open WebSocket connection belongs to. */
public interface ConnectionDirectory {

  void register(String connectionId, String userId);

  /** Returns whether the connection was registered. */
  boolean unregister(String connectionId);

  /** The connection's user, or null when the connection is not (or no longer) registered. */
  String userOf(String connectionId);
}
