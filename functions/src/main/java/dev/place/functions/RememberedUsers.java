package dev.place.functions;

import dev.place.shared.connection.ConnectionDirectory;
import dev.place.shared.delivery.Encoding;
import dev.place.shared.delivery.Subscription;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connection registry with each connection's user remembered by this environment after its first
 * lookup, so a connection's placements after the first skip a Redis round trip (one of the five a
 * placement waited on in series: docs/benchmarks.md, "Placement throughput").
 *
 * <p>Safe because a connection's user is fixed at {@code $connect} and API Gateway routes no message
 * from a connection after its {@code $disconnect}: a remembered entry can outlive its connection
 * (the disconnect usually runs in another environment) but is never asked for again. Only found users
 * are remembered, so a message racing its own {@code $connect} still sees the registration once it
 * lands. At {@code capacity} entries the memory starts over, which bounds it without an LRU's
 * bookkeeping on every placement.
 */
final class RememberedUsers implements ConnectionDirectory {

  private final ConnectionDirectory registry;
  private final int capacity;
  private final ConcurrentHashMap<String, String> users = new ConcurrentHashMap<>();

  RememberedUsers(ConnectionDirectory registry, int capacity) {
    this.registry = registry;
    this.capacity = capacity;
  }

  @Override
  public String userOf(String connectionId) {
    String user = users.get(connectionId);
    if (user != null) {
      return user;
    }
    user = registry.userOf(connectionId);
    if (user != null) {
      if (users.size() >= capacity) {
        users.clear();
      }
      users.put(connectionId, user);
    }
    return user;
  }

  @Override
  public void register(String connectionId, String userId) {
    registry.register(connectionId, userId);
  }

  @Override
  public boolean unregister(String connectionId) {
    users.remove(connectionId);
    return registry.unregister(connectionId);
  }

  @Override
  public void setEncoding(String connectionId, Encoding encoding) {
    registry.setEncoding(connectionId, encoding);
  }

  @Override
  public void subscribe(String connectionId, Subscription subscription) {
    registry.subscribe(connectionId, subscription);
  }
}
