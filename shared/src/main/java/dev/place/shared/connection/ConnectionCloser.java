package dev.place.shared.connection;

/**
 * Closes an API Gateway WebSocket connection from the server side (the {@code @connections} DELETE),
 * after which API Gateway routes nothing more from it. How sign-out ends the sockets a session opened.
 */
public interface ConnectionCloser {

  /** Closes the connection; false when it was already gone. */
  boolean close(String connectionId);
}
