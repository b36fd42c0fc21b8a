package dev.place.shared.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.timelapse.Region;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveProtectedAreasTest {

  /** A store that counts its reads and can be made to fail. */
  private static final class CountingStore implements ProtectedAreaStore {
    long version;
    final List<ProtectedAreas.Area> areas = new ArrayList<>();
    int versionReads;
    int areaReads;
    boolean down;

    @Override
    public long version() {
      versionReads++;
      if (down) {
        throw new IllegalStateException("redis down");
      }
      return version;
    }

    @Override
    public List<ProtectedAreas.Area> all() {
      areaReads++;
      return List.copyOf(areas);
    }

    @Override
    public boolean add(ProtectedAreas.Area area) {
      areas.add(area);
      version++;
      return true;
    }

    void add(Region region) {
      add(new ProtectedAreas.Area("area-" + areas.size(), region, "", "u-mod", 1));
    }

    @Override
    public ProtectedAreas.Area remove(String id) {
      ProtectedAreas.Area found = areas.stream().filter(a -> a.id().equals(id)).findFirst().orElse(null);
      if (found != null) {
        areas.remove(found);
        version++;
      }
      return found;
    }
  }

  private final CountingStore store = new CountingStore();
  private long now = 1_000_000;
  private final LiveProtectedAreas live = new LiveProtectedAreas(store, 16, 1_000, () -> now);

  @Test
  void theStoreIsAskedAtMostOncePerIntervalWhateverTheNumberOfPlacements() {
    store.add(new Region(0, 0, 4, 4));
    for (int i = 0; i < 500; i++) {
      assertThat(live.get().covering(1, 1)).isNotNull();
      now += 1;
    }
    assertThat(store.versionReads).isEqualTo(1);
    assertThat(store.areaReads).isEqualTo(1);
  }

  @Test
  void aNewAreaIsSeenAtTheNextRefreshAndTheAreasAreReReadOnlyWhenTheVersionMoved() {
    assertThat(live.get().covering(5, 5)).isNull();
    store.add(new Region(4, 4, 2, 2));
    now += 999;
    assertThat(live.get().covering(5, 5)).as("within the interval the known areas stand").isNull();
    now += 1;
    assertThat(live.get().covering(5, 5)).isNotNull();
    now += 1_000;
    live.get();
    assertThat(store.versionReads).isEqualTo(3);
    assertThat(store.areaReads).as("the version did not move the last time").isEqualTo(2);
  }

  @Test
  void anUnreadableStoreLeavesTheLastKnownAreasInForce() {
    store.add(new Region(0, 0, 2, 2));
    assertThat(live.get().covering(0, 0)).isNotNull();
    store.down = true;
    now += 5_000;
    assertThat(live.get().covering(0, 0)).isNotNull();
    store.down = false;
    store.areas.clear();
    store.version++;
    now += 1_000;
    assertThat(live.get().covering(0, 0)).isNull();
  }
}
