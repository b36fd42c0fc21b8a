package dev.place.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.delivery.DeliveryPreferences;
import dev.place.shared.delivery.Encoding;
import dev.place.shared.delivery.Subscription;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OwnedConnectionsTest {

  private static final DeliveryPreferences BINARY = new DeliveryPreferences(Encoding.BINARY, Subscription.ALL);

  private final Map<Integer, Long> versions = new HashMap<>();
  private final Map<Integer, Map<String, DeliveryPreferences>> buckets = new HashMap<>();
  private int loads;
  private boolean registryUnreadable;
  private final OwnedConnections owned = new OwnedConnections(new OwnedConnections.Source() {
    @Override
    public Map<Integer, Long> versions(Set<Integer> ids) {
      if (registryUnreadable) {
        throw new IllegalStateException("Command timed out after 2 second(s)");
      }
      return versions;
    }

    @Override
    public Map<String, DeliveryPreferences> connectionsWithPreferences(int bucket) {
      loads++;
      return new HashMap<>(buckets.getOrDefault(bucket, Map.of()));
    }
  });

  private void put(int bucket, String connectionId, DeliveryPreferences preferences) {
    buckets.computeIfAbsent(bucket, b -> new HashMap<>()).put(connectionId, preferences);
    versions.merge(bucket, 1L, Long::sum);
  }

  @Test
  void connectionsAreGroupedByPreferencesAndABucketIsReloadedOnlyWhenItsVersionMoved() {
    put(0, "a", DeliveryPreferences.DEFAULT);
    put(1, "b", BINARY);
    put(1, "c", DeliveryPreferences.DEFAULT);

    Map<DeliveryPreferences, List<String>> groups = owned.refresh(Set.of(0, 1));
    assertThat(groups.get(DeliveryPreferences.DEFAULT)).containsExactlyInAnyOrder("a", "c");
    assertThat(groups.get(BINARY)).containsExactly("b");
    assertThat(owned.refresh(Set.of(0, 1))).isSameAs(groups);
    assertThat(loads).isEqualTo(2);

    put(0, "d", BINARY);
    assertThat(owned.refresh(Set.of(0, 1)).get(BINARY)).containsExactlyInAnyOrder("b", "d");
    assertThat(loads).isEqualTo(3);
  }

  @Test
  void whileTheRegistryCannotBeReadTheConnectionsLastReadStillGetTheirUpdates() {
    put(0, "a", DeliveryPreferences.DEFAULT);
    Map<DeliveryPreferences, List<String>> before = owned.refresh(Set.of(0));

    registryUnreadable = true;
    assertThat(owned.refresh(Set.of(0))).isEqualTo(before);
    assertThat(owned.staleRefreshes()).isEqualTo(1);

    registryUnreadable = false;
    put(0, "b", DeliveryPreferences.DEFAULT);
    assertThat(owned.refresh(Set.of(0)).get(DeliveryPreferences.DEFAULT)).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void aBucketNoLongerHeldTakesItsConnectionsAlong() {
    put(0, "a", DeliveryPreferences.DEFAULT);
    put(1, "b", DeliveryPreferences.DEFAULT);
    owned.refresh(Set.of(0, 1));

    assertThat(owned.refresh(Set.of(1))).isEqualTo(Map.of(DeliveryPreferences.DEFAULT, List.of("b")));
    assertThat(owned.all()).containsExactly("b");
  }
}
