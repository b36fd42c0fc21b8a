package dev.place.functions;

import dev.place.shared.connection.ConnectionDirectory;
import java.util.HashMap;
import java.util.Map;

final class InMemoryDirectory implements ConnectionDirectory {
  final Map<String, String> users = new HashMap<>();

  @Override
  public void register(String connectionId, String userId) {
    users.put(connectionId, userId);
  }

  @Override
  public boolean unregister(String connectionId) {
    return users.remove(connectionId) != null;
  }

  @Override
  public String userOf(String connectionId) {
    return users.get(connectionId);
  }
}
