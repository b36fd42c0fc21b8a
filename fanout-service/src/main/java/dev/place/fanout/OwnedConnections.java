package dev.place.fanout;

import dev.place.shared.redis.ConnectionRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The connections in the buckets this instance holds, reloaded per bucket only when the bucket's
 * version changed, so that a connection registered a moment ago gets the very next batch.
 */
final class OwnedConnections {

  private final ConnectionRegistry registry;
  private final Map<Integer, Long> versions = new HashMap<>();
  private final Map<Integer, List<String>> byBucket = new HashMap<>();

  OwnedConnections(ConnectionRegistry registry) {
    this.registry = registry;
  }

  /** Refreshes for the given buckets and returns their connections. */
  List<String> refresh(Set<Integer> buckets) {
    byBucket.keySet().retainAll(buckets);
    versions.keySet().retainAll(buckets);
    List<String> all = new ArrayList<>();
    Map<Integer, Long> current = registry.versions(buckets);
    for (int bucket : buckets) {
      long version = current.get(bucket);
      Long known = versions.get(bucket);
      if (known == null || known != version) {
        byBucket.put(bucket, registry.connectionsIn(bucket));
        versions.put(bucket, version);
      }
      all.addAll(byBucket.get(bucket));
    }
    return all;
  }
}
