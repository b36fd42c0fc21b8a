package dev.place.local.apigw;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections the {@code @connections} API can reach. A connection is added only once its {@code $connect}
 * succeeded and the upgrade completed, and removed as soon as its socket closes, so a management call during
 * {@code $connect} or after a close answers 410 Gone as on AWS.
 */
final class ConnectionRegistry {

  private final ConcurrentHashMap<String, Connection> connections = new ConcurrentHashMap<>();

  void add(Connection connection) {
    connections.put(connection.id(), connection);
  }

  void remove(Connection connection) {
    connections.remove(connection.id(), connection);
  }

  Optional<Connection> find(String connectionId) {
    Connection connection = connections.get(connectionId);
    return connection != null && connection.isOpen() ? Optional.of(connection) : Optional.empty();
  }

  Collection<Connection> snapshot() {
    return List.copyOf(connections.values());
  }

  int size() {
    return connections.size();
  }
}
