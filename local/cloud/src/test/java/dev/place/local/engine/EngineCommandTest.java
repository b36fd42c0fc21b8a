package dev.place.local.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class EngineCommandTest {

    private static final Path ROOT = Path.of("/src/place");
    private static final Path JAVA = Path.of("/jdk/bin/java");

    @Test
    void kafkaRunsItsMainFromTheModuleBuildWithTheGivenHeapAndPorts() {
        EngineModule module = EngineModule.kafka(ROOT);
        List<String> command = KafkaEngine.command(JAVA, module, Path.of("/d/kafka"), Path.of("/d/kafka/tmp"),
                19092, 19093, "384m");

        assertThat(command.get(0)).isEqualTo("/jdk/bin/java");
        assertThat(command).contains("-Xmx384m", "-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/d/kafka/tmp");
        assertThat(command).containsSubsequence("-cp", module.classpath(), "dev.place.local.kafka.KafkaEngineMain",
                "--data-dir", "/d/kafka", "--port", "19092", "--controller-port", "19093", "--exit-on-stdin-eof");
    }

    @Test
    void cassandraGetsTheModuleFlagsFileBeforeItsMainClass() {
        EngineModule module = EngineModule.cassandra(ROOT);
        List<String> command = CassandraEngine.command(JAVA, module, Path.of("/d/cassandra"),
                Path.of("/d/cassandra/tmp"), 19042, 17000, "1g");

        String flags = "@" + ROOT.resolve("local/cassandra-engine/target/classes/dev/place/local/cassandra/jvm17.flags");
        assertThat(command).contains("-Xms256m", "-Xmx1g", "-Xss512k");
        assertThat(command).containsSubsequence(flags, "-cp", module.classpath(),
                "dev.place.local.cassandra.CassandraEngineMain", "--data-dir", "/d/cassandra", "--port", "19042",
                "--storage-port", "17000", "--exit-on-stdin-eof");
    }

    @Test
    void redisRunsUnderTheGuardWithItsConfig() {
        List<String> command = RedisEngine.command(Path.of("/bin/redis-server"), Path.of("/d/redis/redis.conf"));

        assertThat(command).containsExactly("bash", "-c", RedisEngine.GUARD_SCRIPT, "place-redis-guard",
                "/bin/redis-server", "/d/redis/redis.conf");
    }
}
