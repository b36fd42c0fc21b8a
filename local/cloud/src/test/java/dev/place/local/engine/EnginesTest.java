package dev.place.local.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Engines' own logic, with stand-in processes; EnginesIT runs the real engines. */
class EnginesTest {

    @TempDir
    Path tmp;

    private final List<EngineProcess> started = new ArrayList<>();

    @AfterEach
    void stopStandIns() {
        EngineStopper.stopAll(started, Duration.ofMillis(200));
    }

    @Test
    void startFailsWithTheBuildCommandWhenTheEnginesAreNotBuilt() throws IOException {
        Path root = tmp.resolve("checkout");
        Files.createDirectories(root.resolve(ProjectRoot.MARKER).getParent());
        Files.writeString(root.resolve(ProjectRoot.MARKER), "<project/>");

        assertThatThrownBy(() -> Engines.start(EngineSettings.builder().dataDir(tmp.resolve("data")).projectRoot(root).build()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("./mvnw -q -pl local/kafka-engine,local/cassandra-engine -am package -DskipTests");
        assertThat(tmp.resolve("data")).doesNotExist();
    }

    @Test
    void startRefusesADataDirWhoseEnginesAreRunningAndLeavesItsDataAlone() throws IOException {
        Path root = tmp.resolve("checkout");
        FakeBuild.all(root);
        Path dataDir = Files.createDirectories(tmp.resolve("data"));
        Path kafkaData = Files.createDirectories(dataDir.resolve("kafka")).resolve("precious");
        Files.writeString(kafkaData, "x");

        try (DataDirLock running = DataDirLock.acquire(dataDir)) {
            assertThatThrownBy(() -> Engines.start(EngineSettings.builder().dataDir(dataDir).wipe(true).projectRoot(root).build()))
                    .hasMessageContaining("in use by other running engines");
        }
        assertThat(kafkaData).exists();
    }

    @Test
    void anEngineThatExitsEarlyFailsTheStartWithItsExitCodeAndLog() throws IOException {
        StartedEngine crashing = standIn("kafka", "echo 'Address already in use'; exit 3", () -> false);

        assertThatThrownBy(() -> Engines.awaitReady(List.of(crashing), Duration.ofSeconds(30)))
                .isInstanceOf(EngineStartException.class)
                .hasMessageContaining("kafka exited with code 3 before it was ready")
                .hasMessageContaining("Address already in use")
                .hasMessageContaining(crashing.process().logFile().toString());
    }

    @Test
    void anEngineThatNeverGetsReadyTimesOutNamingWhatItWaitedFor() throws IOException {
        StartedEngine ready = standIn("redis", "sleep 30", () -> true);
        StartedEngine slow = standIn("cassandra", "echo still starting; sleep 30", new ReadinessProbe() {
            @Override
            public boolean isReady() {
                return false;
            }

            @Override
            public String toString() {
                return "the ready line";
            }
        });

        assertThatThrownBy(() -> Engines.awaitReady(List.of(ready, slow), Duration.ofMillis(500)))
                .isInstanceOf(EngineStartException.class)
                .hasMessageContaining("Not ready after 0 s")
                .hasMessageContaining("- cassandra, waiting for the ready line")
                .hasMessageNotContaining("- redis")
                .hasMessageContaining("still starting");
    }

    @Test
    void readyEnginesAreTimedFromTheirOwnLaunch() throws Exception {
        StartedEngine a = standIn("redis", "sleep 30", () -> true);
        StartedEngine b = standIn("kafka", "sleep 30", () -> true);

        var timings = Engines.awaitReady(List.of(a, b), Duration.ofSeconds(5));

        assertThat(timings).containsOnlyKeys("redis", "kafka");
        assertThat(timings.values()).allMatch(d -> !d.isNegative() && d.compareTo(Duration.ofSeconds(5)) < 0);
    }

    @Test
    void wipingDeletesATreeAndToleratesAMissingOne() throws IOException {
        Path tree = Files.createDirectories(tmp.resolve("kafka/logs/topic-0"));
        Files.writeString(tree.resolve("00000.log"), "data");

        Engines.deleteRecursively(tmp.resolve("kafka"));
        Engines.deleteRecursively(tmp.resolve("never-existed"));

        assertThat(tmp.resolve("kafka")).doesNotExist();
    }

    private StartedEngine standIn(String name, String script, ReadinessProbe probe) throws IOException {
        EngineProcess process = EngineProcess.start(name, List.of("bash", "-c", script), tmp.resolve(name),
                tmp.resolve(name + ".log"));
        started.add(process);
        return new StartedEngine() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public EngineProcess process() {
                return process;
            }

            @Override
            public ReadinessProbe readiness() {
                return probe;
            }
        };
    }
}
