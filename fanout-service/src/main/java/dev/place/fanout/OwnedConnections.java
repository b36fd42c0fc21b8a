package dev.place.fanout;

import dev.place.shared.delivery.DeliveryPreferences;
import dev.place.shared.redis.ConnectionRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The connections in the buckets this instance holds, grouped by their delivery preferences
 * (encoding and subscription), because each group shares one encoded message per interval. A
 * bucket is reloaded only when its version changed, so that a connection registered (or
 * resubscribed) a moment ago gets the very next batch; the grouping is rebuilt only then too.
 */
final class OwnedConnections {

  /** Where connections and bucket versions come from: the registry, or a test's own table. */
  interface Source {
    Map<Integer, Long> versions(Set<Integer> buckets);

    Map<String, DeliveryPreferences> connectionsWithPreferences(int bucket);

    static Source of(ConnectionRegistry registry) {
      return new Source() {
        @Override
        public Map<Integer, Long> versions(Set<Integer> buckets) {
          return registry.versions(buckets);
        }

        @Override
        public Map<String, DeliveryPreferences> connectionsWithPreferences(int bucket) {
          return registry.connectionsWithPreferences(bucket);
        }
      };
    }
  }

  private final Source source;
  private final Map<Integer, Long> versions = new HashMap<>();
  private final Map<Integer, Map<String, DeliveryPreferences>> byBucket = new HashMap<>();
  private Map<DeliveryPreferences, List<String>> groups = Map.of();
  private List<String> all = List.of();
  private long staleRefreshes;

  OwnedConnections(Source source) {
    this.source = source;
  }

  /**
   * Refreshes for the given buckets and returns their connections by preferences. When the registry
   * cannot be read (Redis slow or down) the connections last read are used: an interval's updates must
   * still reach the connections already known, and a bucket not read yet is read at the next interval.
   */
  synchronized Map<DeliveryPreferences, List<String>> refresh(Set<Integer> buckets) {
    boolean changed = byBucket.keySet().retainAll(buckets);
    versions.keySet().retainAll(buckets);
    try {
      Map<Integer, Long> current = source.versions(buckets);
      for (int bucket : buckets) {
        long version = current.getOrDefault(bucket, 0L);
        Long known = versions.get(bucket);
        if (known == null || known != version) {
          byBucket.put(bucket, source.connectionsWithPreferences(bucket));
          versions.put(bucket, version);
          changed = true;
        }
      }
    } catch (RuntimeException unreadable) {
      staleRefreshes++;
    }
    if (changed) {
      regroup();
    }
    return groups;
  }

  /** Refreshes that fell back on the connections last read. */
  synchronized long staleRefreshes() {
    return staleRefreshes;
  }

  /** The connections of one bucket as of the last refresh, with their preferences. */
  synchronized Map<String, DeliveryPreferences> bucket(int bucket) {
    return byBucket.getOrDefault(bucket, Map.of());
  }

  /** Every connection of the last refresh. */
  synchronized List<String> all() {
    return all;
  }

  private void regroup() {
    Map<DeliveryPreferences, List<String>> next = new HashMap<>();
    List<String> every = new ArrayList<>();
    for (Map<String, DeliveryPreferences> bucket : byBucket.values()) {
      bucket.forEach((connectionId, preferences) -> {
        next.computeIfAbsent(preferences, p -> new ArrayList<>()).add(connectionId);
        every.add(connectionId);
      });
    }
    next.replaceAll((p, ids) -> List.copyOf(ids));
    groups = Map.copyOf(next);
    all = List.copyOf(every);
  }
}
