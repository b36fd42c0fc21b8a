package dev.place.local.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fault drills (docs/reliability.md), each on its own fresh local cloud: minutes each, so only
 * with {@code -Dplace.drills=true}; the default test run stays short. {@code -Dplace.drill.portBase=N}
 * puts each drill's cloud on the fixed ports N..N+8 instead of free ones at random.
 */
class FaultDrillsIT {

  @BeforeEach
  void onlyWhenAskedFor() {
    assumeTrue(Boolean.getBoolean("place.drills"),
        "fault drills take minutes each on real engines; run them with -Dplace.drills=true (or local/drill NAME)");
  }

  @ParameterizedTest(name = "after {0} every acknowledged placement is in Redis, Kafka once, Cassandra and every view")
  @ValueSource(strings = {"kafka-kill", "cassandra-kill", "redis-kill", "redis-stall", "fanout-stall",
      "drop-500-connections"})
  void everyAcknowledgedPlacementSurvivesTheFault(String drill) throws Exception {
    FaultDrill.Result result = new FaultDrill(drill, Path.of("target", "drills", drill),
        Integer.getInteger("place.drill.portBase", 0)).run();

    System.out.println(FaultDrill.Result.HEADER + "\n" + result.row());
    assertThat(result.acknowledged()).as("placements acknowledged under load").isPositive();
    assertThat(result.redisMissing()).as("acknowledged but not in Redis").isZero();
    assertThat(result.kafkaMissing()).as("acknowledged but not in Kafka").isZero();
    assertThat(result.kafkaDuplicates()).as("(tile, seq) in Kafka more than once").isZero();
    assertThat(result.cassandraMissing()).as("acknowledged but not in Cassandra").isZero();
    assertThat(result.resyncRuns()).as("resync runs (not delivered live)").isZero();
    assertThat(result.observerTilesDiffering()).as("observer tiles differing from Redis").isZero();
    assertThat(result.orderViolations()).as("sequences repeated or going backwards within a tile").isZero();
    assertThat(result.registryLeftovers()).as("reset connections still in the registry").isZero();
  }
}
