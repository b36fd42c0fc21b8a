package dev.place.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.redis.BucketLeases;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fenced bucket leases on the real Redis (their Lua scripts are the fencing), each test in its own
 * key namespace so the shared cloud's own fanout is not disturbed. Each instance has its own
 * monotonic clock, which a test moves to play a stall (SIGSTOP: the clock runs on, the process does not).
 */
class BucketLeasesIT {

  private static final long LEASE = 1_000;
  private static final long MARGIN = 300;
  private static final long MS = 1_000_000L;

  private Stores stores;
  private String prefix;
  private final AtomicLong clockA = new AtomicLong(System.nanoTime());
  private final AtomicLong clockB = new AtomicLong(System.nanoTime());

  @BeforeEach
  void ownNamespace() {
    stores = new Stores(SharedCloud.get().config());
    prefix = "it-leases-" + UUID.randomUUID();
  }

  @AfterEach
  void close() {
    stores.close();
  }

  private BucketLeases instance(String name, AtomicLong clock) {
    return new BucketLeases(stores.redis, prefix, name, 2, LEASE, MARGIN, clock::get);
  }

  private static byte[] cut(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void everyAcquisitionTakesTheNextEpochAndTheHolderMaySendWithinItsWindow() {
    BucketLeases a = instance("a", clockA);
    assertThat(a.rebalance(System.currentTimeMillis(), cut("cut:"))).containsExactlyInAnyOrder(0, 1);
    assertThat(a.fence().maySend(0)).isTrue();
    assertThat(a.fence().epoch(0)).isEqualTo(1);
    assertThat(new String(stores.redis.sync().get(BucketLeases.leaseKey(prefix, 0)), StandardCharsets.UTF_8))
        .isEqualTo("a:1");
    clockA.addAndGet((LEASE - MARGIN - 1) * MS);
    assertThat(a.fence().maySend(0)).as("just inside lease - margin").isTrue();
    clockA.addAndGet(2 * MS);
    assertThat(a.fence().maySend(0)).as("past lease - margin, though Redis still has the lease").isFalse();
  }

  @Test
  void aHolderResumingFromAStallSendsNothingAndCannotRenewWhatWasTakenOver() throws Exception {
    BucketLeases a = instance("a", clockA);
    BucketLeases b = instance("b", clockB);
    a.rebalance(System.currentTimeMillis(), cut("cut:0:0=41"));
    // a is stopped; its monotonic clock runs on. Its window closes before the lease expires in Redis.
    clockA.addAndGet(10_000 * MS);
    assertThat(a.fence().maySend(0)).isFalse();
    Thread.sleep(LEASE + 100);

    assertThat(b.rebalance(System.currentTimeMillis(), cut("cut:"))).containsExactlyInAnyOrder(0, 1);
    assertThat(b.fence().epoch(0)).as("the takeover's epoch").isEqualTo(2);
    assertThat(b.takeAcquired()).allSatisfy(acquired ->
        assertThat(new String(acquired.previousCut(), StandardCharsets.UTF_8)).isEqualTo("cut:0:0=41"));

    // a resumes: its renewals name epoch 1, which is gone, so it holds nothing and may send nothing.
    assertThat(a.rebalance(System.currentTimeMillis(), cut("cut:0:0=99"))).isEmpty();
    assertThat(a.fence().maySend(0)).isFalse();
    assertThat(a.fence().maySend(1)).isFalse();
    assertThat(new String(stores.redis.sync().get(BucketLeases.leaseKey(prefix, 0)), StandardCharsets.UTF_8))
        .isEqualTo("b:2");
    assertThat(b.fence().maySend(0)).isTrue();
  }

  @Test
  void aBucketGivenBackStopsItsSendsAtOnceAndPassesOnOnlyAfterTheMargin() throws Exception {
    BucketLeases a = instance("a", clockA);
    BucketLeases b = instance("b", clockB);
    a.rebalance(System.currentTimeMillis(), cut("cut:"));
    assertThat(b.rebalance(System.currentTimeMillis(), cut("cut:"))).as("both are held").isEmpty();

    // Two live members now: a's share is one bucket; it gives the other back.
    assertThat(a.rebalance(System.currentTimeMillis(), cut("cut:1:0=7"))).containsExactly(0);
    assertThat(a.fence().maySend(1)).isFalse();
    long ttl = stores.redis.sync().pttl(BucketLeases.leaseKey(prefix, 1));
    assertThat(ttl).as("kept for the margin, for a send still on its way").isBetween(1L, MARGIN);
    assertThat(b.rebalance(System.currentTimeMillis(), cut("cut:"))).as("not before the margin").isEmpty();

    Thread.sleep(MARGIN + 50);
    assertThat(b.rebalance(System.currentTimeMillis(), cut("cut:"))).containsExactly(1);
    assertThat(b.fence().epoch(1)).isEqualTo(2);
    assertThat(b.takeAcquired()).singleElement().satisfies(acquired ->
        assertThat(new String(acquired.previousCut(), StandardCharsets.UTF_8)).isEqualTo("cut:1:0=7"));
  }
}
