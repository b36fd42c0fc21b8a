package dev.place.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.snapshot.SnapshotLease;
import org.junit.jupiter.api.Test;

/** One snapshot publisher at a time across fanout instances, on the real Redis. */
class SnapshotLeaseIT {

  @Test
  void oneHolderAtATimeAndATakeOverAfterExpiry() throws Exception {
    try (Stores stores = new Stores(SharedCloud.get().config())) {
      stores.redis.sync().del(SnapshotLease.KEY);
      SnapshotLease a = new SnapshotLease(stores.redis, "a", 300);
      SnapshotLease b = new SnapshotLease(stores.redis, "b", 300);

      assertThat(a.getAsBoolean()).isTrue();
      assertThat(b.getAsBoolean()).isFalse();
      Thread.sleep(200);
      assertThat(a.getAsBoolean()).as("the holder extends").isTrue();
      Thread.sleep(200);
      assertThat(b.getAsBoolean()).as("still extended").isFalse();
      Thread.sleep(400);
      assertThat(b.getAsBoolean()).as("taken over after expiry").isTrue();
      assertThat(a.getAsBoolean()).isFalse();
      stores.redis.sync().del(SnapshotLease.KEY);
    }
  }
}
