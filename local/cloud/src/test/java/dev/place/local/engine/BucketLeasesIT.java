package dev.place.local.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.config.PlaceConfig;
import dev.place.shared.redis.BucketLeases;
import dev.place.shared.redis.RedisConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fenced bucket leases on a real Redis (their Lua scripts are the fencing): a bare {@code
 * redis-server} of its own, not the shared cloud (Redis is all this needs, and Cassandra's start is
 * what makes the cloud slow), on port {@code -Dplace.it.redisPort} (25190), each test in its own
 * key namespace. Each instance has its own
 * monotonic clock, which a test moves to play a stall (SIGSTOP: the clock runs on, the process does not).
 */
class BucketLeasesIT {

  /** Seconds, not milliseconds: the machine these run on can be loaded enough to pause a thread for one. */
  private static final long LEASE = 6_000;
  private static final long MARGIN = 2_000;
  private static final long MS = 1_000_000L;

  private static Process redisServer;
  private static PlaceConfig config;
  private RedisConnector redis;
  private String prefix;
  private final AtomicLong clockA = new AtomicLong(System.nanoTime());
  private final AtomicLong clockB = new AtomicLong(System.nanoTime());

  @BeforeAll
  static void startRedis() throws Exception {
    int port = Integer.getInteger("place.it.redisPort", 25190);
    Path dir = Files.createDirectories(Path.of("target", "bucket-leases-it"));
    Path executable = RedisBinary.locate(Optional.empty(), System.getenv("PATH"), dir.resolve("bin"));
    redisServer = new ProcessBuilder(executable.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no").redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis.log").toFile()).start();
    config = PlaceConfig.from(Map.of("PLACE_REDIS_URI", "redis://127.0.0.1:" + port)::get);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try (RedisConnector probe = new RedisConnector(config)) {
        probe.sync().ping();
        return;
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline || !redisServer.isAlive()) {
          throw new IllegalStateException("redis-server did not serve on " + port + " (see " + dir + "/redis.log)", e);
        }
        Thread.sleep(100);
      }
    }
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redisServer.destroy();
    redisServer.waitFor(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void ownNamespace() {
    redis = new RedisConnector(config);
    prefix = "it-leases-" + UUID.randomUUID();
  }

  @AfterEach
  void close() {
    redis.close();
  }

  private BucketLeases instance(String name, AtomicLong clock) {
    return new BucketLeases(redis, prefix, name, 2, LEASE, MARGIN, clock::get);
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
    assertThat(new String(redis.sync().get(BucketLeases.leaseKey(prefix, 0)), StandardCharsets.UTF_8))
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
    a.rebalance(System.currentTimeMillis(), cut("cut2:"));
    // Renewals record no cut; the holder records its position before each interval's sends.
    a.rebalance(System.currentTimeMillis(), cut("cut2:0:0=40"));
    a.recordPosition(cut("cut2:0:0=41/39"));
    // a is stopped; its monotonic clock runs on. Its window closes before the lease expires in Redis.
    clockA.addAndGet(10_000 * MS);
    assertThat(a.fence().maySend(0)).isFalse();
    Thread.sleep(LEASE + 100);

    assertThat(b.rebalance(System.currentTimeMillis(), cut("cut:"))).containsExactlyInAnyOrder(0, 1);
    assertThat(b.fence().epoch(0)).as("the takeover's epoch").isEqualTo(2);
    assertThat(b.takeAcquired()).allSatisfy(acquired ->
        assertThat(new String(acquired.previousCut(), StandardCharsets.UTF_8)).as("a's last position, as it left nothing")
            .isEqualTo("cut2:0:0=41/39"));

    // a resumes: its renewals name epoch 1, which is gone, so it holds nothing and may send nothing.
    assertThat(a.rebalance(System.currentTimeMillis(), cut("cut:0:0=99"))).isEmpty();
    assertThat(a.fence().maySend(0)).isFalse();
    assertThat(a.fence().maySend(1)).isFalse();
    assertThat(new String(redis.sync().get(BucketLeases.leaseKey(prefix, 0)), StandardCharsets.UTF_8))
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
    long ttl = redis.sync().pttl(BucketLeases.leaseKey(prefix, 1));
    assertThat(ttl).as("kept for the margin, for a send still on its way").isBetween(1L, MARGIN);
    assertThat(b.rebalance(System.currentTimeMillis(), cut("cut:"))).as("not before the margin").isEmpty();

    Thread.sleep(MARGIN + 50);
    assertThat(b.rebalance(System.currentTimeMillis(), cut("cut:"))).containsExactly(1);
    assertThat(b.fence().epoch(1)).isEqualTo(2);
    assertThat(b.takeAcquired()).singleElement().satisfies(acquired ->
        assertThat(new String(acquired.previousCut(), StandardCharsets.UTF_8)).isEqualTo("cut:1:0=7"));
  }

  @Test
  void aCutIsConsumedByTheAcquisitionThatReadsItSoALaterTakeoverUsesTheNextHoldersPosition() throws Exception {
    BucketLeases a = instance("a", clockA);
    BucketLeases b = instance("b", clockB);
    a.rebalance(System.currentTimeMillis(), cut("cut2:"));
    b.rebalance(System.currentTimeMillis(), cut("cut2:"));
    a.rebalance(System.currentTimeMillis(), cut("cut2:1:0=7")); // gives bucket 1 back
    a.takeAcquired();
    Thread.sleep(MARGIN + 50);
    assertThat(b.rebalance(System.currentTimeMillis(), cut("cut2:"))).containsExactly(1);
    b.takeAcquired();
    b.recordPosition(cut("cut2:1:0=30"));

    // b stalls; a takes bucket 1 over once its lease expires.
    clockB.addAndGet(10_000 * MS);
    Thread.sleep(LEASE + 100);
    assertThat(a.rebalance(System.currentTimeMillis(), cut("cut2:"))).contains(1);
    assertThat(a.takeAcquired()).filteredOn(acquired -> acquired.bucket() == 1).singleElement().satisfies(acquired ->
        assertThat(new String(acquired.previousCut(), StandardCharsets.UTF_8)).as("b's position, not a's old cut")
            .isEqualTo("cut2:1:0=30"));
  }
}
