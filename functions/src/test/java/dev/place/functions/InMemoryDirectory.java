package dev.place.functions;

import dev.place.shared.connection.ConnectionDirectory;
import dev.place.shared.delivery.Encoding;
import dev.place.shared.delivery.Subscription;
import java.util.HashMap;
import java.util.Map;

final class InMemoryDirectory implements ConnectionDirectory {
  final Map<String, String> users = new HashMap<>();
  final Map<String, Encoding> encodings = new HashMap<>();
  final Map<String, Subscription> subscriptions = new HashMap<>();

  @Override
  public void register(String connectionId, String userId) {
    users.put(connectionId, userId);
  }

  @Override
  public boolean unregister(String connectionId) {
    encodings.remove(connectionId);
    subscriptions.remove(connectionId);
    return users.remove(connectionId) != null;
  }

  @Override
  public String userOf(String connectionId) {
    return users.get(connectionId);
  }

  @Override
  public void setEncoding(String connectionId, Encoding encoding) {
    encodings.put(connectionId, encoding);
  }

  @Override
  public void subscribe(String connectionId, Subscription subscription) {
    subscriptions.put(connectionId, subscription);
  }
}
