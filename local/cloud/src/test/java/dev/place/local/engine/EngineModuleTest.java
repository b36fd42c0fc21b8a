package dev.place.local.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineModuleTest {

    @TempDir
    Path root;

    @Test
    void runsFromTheModulesClassesAndEveryJarInItsLib() {
        EngineModule kafka = EngineModule.kafka(root);

        assertThat(kafka.classpath()).isEqualTo(root.resolve("local/kafka-engine/target/classes")
                + File.pathSeparator + root.resolve("local/kafka-engine/target/lib") + File.separator + "*");
        assertThat(kafka.mainClass()).isEqualTo("dev.place.local.kafka.KafkaEngineMain");
        assertThat(EngineModule.cassandra(root).mainClass()).isEqualTo("dev.place.local.cassandra.CassandraEngineMain");
    }

    @Test
    void aBuiltModulePassesVerification() throws IOException {
        FakeBuild.kafka(root);

        assertThat(EngineModule.kafka(root).verifyBuilt()).isNotNull();
    }

    @Test
    void anUnbuiltModuleFailsWithTheBuildCommand() {
        assertThatThrownBy(() -> EngineModule.kafka(root).verifyBuilt())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kafka engine is not built")
                .hasMessageContaining("KafkaEngineMain.class is missing")
                .hasMessageContaining("./mvnw -q -pl local/kafka-engine,local/cassandra-engine -am package -DskipTests");
    }

    @Test
    void compiledClassesWithoutCopiedDependenciesAreNotEnough() throws IOException {
        FakeBuild.kafka(root);
        try (var jars = Files.list(root.resolve("local/kafka-engine/target/lib"))) {
            for (Path jar : jars.toList()) {
                Files.delete(jar);
            }
        }

        assertThatThrownBy(() -> EngineModule.kafka(root).verifyBuilt()).hasMessageContaining("has no jars");
    }

    @Test
    void aMissingRequiredResourceFailsVerification() throws IOException {
        FakeBuild.cassandra(root);
        Files.delete(EngineModule.cassandra(root).resource(CassandraEngine.JVM_FLAGS_RESOURCE));

        assertThatThrownBy(() -> EngineModule.cassandra(root).verifyBuilt(CassandraEngine.JVM_FLAGS_RESOURCE))
                .hasMessageContaining("jvm17.flags is missing");
    }
}
