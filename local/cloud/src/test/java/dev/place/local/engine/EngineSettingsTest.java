package dev.place.local.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class EngineSettingsTest {

    @Test
    void onlyTheDataDirIsRequiredAndEveryPortDefaultsToAnyFreePort() {
        EngineSettings settings = EngineSettings.builder().dataDir(Path.of("cloud")).build();

        assertThat(settings.dataDir().isAbsolute()).isTrue();
        assertThat(settings.dataDir().getFileName()).isEqualTo(Path.of("cloud"));
        assertThat(settings.wipe()).isFalse();
        assertThat(settings.redisPort()).isZero();
        assertThat(settings.kafkaPort()).isZero();
        assertThat(settings.kafkaControllerPort()).isZero();
        assertThat(settings.cassandraPort()).isZero();
        assertThat(settings.cassandraStoragePort()).isZero();
        assertThat(settings.projectRoot()).isEmpty();
        assertThat(settings.redisExecutable()).isEmpty();
    }

    @Test
    void defaultHeapsAndTimeoutsSuitATwoCoreMachine() {
        EngineSettings settings = EngineSettings.builder().dataDir(Path.of("cloud")).build();

        assertThat(settings.kafkaMaxHeap()).isEqualTo("512m");
        assertThat(settings.cassandraMaxHeap()).isEqualTo("1g");
        assertThat(settings.startTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(settings.stopTimeout()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void keepsEveryExplicitValue() {
        EngineSettings settings = EngineSettings.builder().dataDir(Path.of("/d")).wipe(true)
                .redisPort(6379).kafkaPort(9092).kafkaControllerPort(9093).cassandraPort(9042).cassandraStoragePort(7000)
                .projectRoot(Path.of("/src/place")).redisExecutable(Path.of("/usr/bin/redis-server"))
                .kafkaMaxHeap("256m").cassandraMaxHeap("768M")
                .startTimeout(Duration.ofSeconds(30)).stopTimeout(Duration.ofSeconds(5))
                .build();

        assertThat(settings.wipe()).isTrue();
        assertThat(settings.redisPort()).isEqualTo(6379);
        assertThat(settings.kafkaPort()).isEqualTo(9092);
        assertThat(settings.kafkaControllerPort()).isEqualTo(9093);
        assertThat(settings.cassandraPort()).isEqualTo(9042);
        assertThat(settings.cassandraStoragePort()).isEqualTo(7000);
        assertThat(settings.projectRoot()).contains(Path.of("/src/place"));
        assertThat(settings.redisExecutable()).contains(Path.of("/usr/bin/redis-server"));
        assertThat(settings.kafkaMaxHeap()).isEqualTo("256m");
        assertThat(settings.cassandraMaxHeap()).isEqualTo("768M");
        assertThat(settings.startTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.stopTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void rejectsAMissingDataDir() {
        assertThatThrownBy(() -> EngineSettings.builder().build()).hasMessageContaining("dataDir is required");
    }

    @Test
    void rejectsInvalidPortsHeapsAndTimeouts() {
        EngineSettings.Builder builder = EngineSettings.builder();

        assertThatThrownBy(() -> builder.kafkaPort(-1)).hasMessageContaining("kafkaPort");
        assertThatThrownBy(() -> builder.redisPort(65536)).hasMessageContaining("redisPort");
        assertThatThrownBy(() -> builder.cassandraMaxHeap("1 GB")).hasMessageContaining("cassandraMaxHeap");
        assertThatThrownBy(() -> builder.kafkaMaxHeap("-Xmx512m")).hasMessageContaining("kafkaMaxHeap");
        assertThatThrownBy(() -> builder.startTimeout(Duration.ZERO)).hasMessageContaining("startTimeout");
    }
}
