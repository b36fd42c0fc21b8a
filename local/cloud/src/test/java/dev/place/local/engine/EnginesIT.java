package dev.place.local.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.Row;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real engines, started once on a wiped data dir; later tests build on what earlier ones wrote (the restart
 * test reads it back), so they run in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnginesIT {

    static {
        // Client libraries log every connection at INFO; only this test's own output matters here.
        for (String noisy : List.of("org.apache.kafka", "com.datastax", "io.lettuce", "io.netty", "reactor")) {
            System.setProperty("org.slf4j.simpleLogger.log." + noisy, "warn");
        }
    }

    private static final String REDIS_KEY = "engines-it:key";
    private static final String TOPIC = "engines-it";
    private static final String GROUP = "engines-it-first";
    private static final String ROW_KEY = "survivor";

    private final Path dataDir = Path.of("target", "engines-it").toAbsolutePath();
    private Engines engines;
    private String writtenValue;

    @BeforeAll
    void startOnAWipedDataDir() {
        engines = Engines.start(settings(true));
        report("first start (wiped data dir)", engines);
    }

    @AfterAll
    void closeWhateverIsStillRunning() {
        if (engines != null) {
            engines.close();
        }
    }

    @Test
    @Order(1)
    void redisAnswersPingAndStoresAKey() {
        writtenValue = "value-" + System.nanoTime();
        RedisClient client = RedisClient.create(engines.redisUri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            assertThat(connection.sync().ping()).isEqualTo("PONG");
            assertThat(connection.sync().set(REDIS_KEY, writtenValue)).isEqualTo("OK");
            assertThat(connection.sync().get(REDIS_KEY)).isEqualTo(writtenValue);
        } finally {
            client.shutdown();
        }
    }

    @Test
    @Order(2)
    void kafkaCreatesATopicAndRoundTripsARecordThroughAConsumerGroup() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, engines.kafkaBootstrap()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties())) {
            producer.send(new ProducerRecord<>(TOPIC, "pixel", "42")).get(30, TimeUnit.SECONDS);
        }

        // A group (not a plain assign) makes the broker create __consumer_offsets, which needs replication factor 1.
        ConsumerRecord<String, String> record = consumeFirst(GROUP);

        assertThat(record.key()).isEqualTo("pixel");
        assertThat(record.value()).isEqualTo("42");
    }

    @Test
    @Order(3)
    void cassandraServesCqlInDatacenter1() {
        try (CqlSession session = cql()) {
            Row version = session.execute("SELECT release_version FROM system.local").one();
            assertThat(version).isNotNull();
            assertThat(version.getString("release_version")).startsWith("5.0");

            session.execute("CREATE KEYSPACE IF NOT EXISTS engines_it WITH replication ="
                    + " {'class': 'SimpleStrategy', 'replication_factor': 1}");
            session.execute("CREATE TABLE IF NOT EXISTS engines_it.kv (k text PRIMARY KEY, v text)");
            session.execute("INSERT INTO engines_it.kv (k, v) VALUES (?, ?)", ROW_KEY, "still here");
            assertThat(session.execute("SELECT v FROM engines_it.kv WHERE k = ?", ROW_KEY).one().getString("v"))
                    .isEqualTo("still here");
        }
    }

    @Test
    @Order(4)
    void closeStopsEveryEngineProcessAndFreesItsPorts() {
        List<ProcessHandle> processes = processesOf(engines);
        List<Integer> ports = List.of(engines.redisPort(), port(engines.kafkaBootstrap()),
                engines.cassandraContactPoint().getPort());
        assertThat(processes).hasSizeGreaterThanOrEqualTo(4).allMatch(ProcessHandle::isAlive);

        long began = System.nanoTime();
        engines.close();
        System.out.printf("close took %d ms%n", Duration.ofNanos(System.nanoTime() - began).toMillis());

        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        assertThat(ports).allMatch(PortAllocator::isFree);
        engines = null;
    }

    @Test
    @Order(5)
    void aRestartOnTheSameDataDirKeepsTheRedisKeyTheKafkaRecordAndOffsetsAndTheCassandraRow() throws Exception {
        engines = Engines.start(settings(false));
        report("restart (same data dir)", engines);

        RedisClient client = RedisClient.create(engines.redisUri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            assertThat(connection.sync().get(REDIS_KEY)).isEqualTo(writtenValue);
        } finally {
            client.shutdown();
        }

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, engines.kafkaBootstrap()))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(TOPIC);
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            assertThat(committed.get(new TopicPartition(TOPIC, 0)).offset()).isEqualTo(1);
        }
        assertThat(consumeFirst("engines-it-after-restart").value()).isEqualTo("42");

        try (CqlSession session = cql()) {
            assertThat(session.execute("SELECT v FROM engines_it.kv WHERE k = ?", ROW_KEY).one().getString("v"))
                    .isEqualTo("still here");
        }

        engines.close();
        engines = null;
    }

    @Test
    @Order(6)
    void enginesStopByThemselvesWhenTheJvmThatStartedThemIsKilled() throws Exception {
        Path hostLog = dataDir.resolveSibling("engines-host.log");
        Process host = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EnginesHost.class.getName(), dataDir.toString())
                .redirectErrorStream(true).redirectOutput(hostLog.toFile()).start();
        List<ProcessHandle> engineProcesses;
        try {
            engineProcesses = awaitHostEngines(host, hostLog);
            assertThat(engineProcesses).hasSizeGreaterThanOrEqualTo(4).allMatch(ProcessHandle::isAlive);

            host.destroyForcibly();
            assertThat(host.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            host.destroyForcibly();
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (ProcessHandle process : engineProcesses) {
            while (process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        assertThat(engineProcesses).noneMatch(ProcessHandle::isAlive);
        // They shut down cleanly through their stdin watchdog, not by some later kill.
        assertThat(Files.readString(dataDir.resolve("kafka.log"))).contains("launcher went away");
        assertThat(Files.readString(dataDir.resolve("cassandra.log"))).contains("launcher went away");
        DataDirLock.acquire(dataDir).close();
    }

    private EngineSettings settings(boolean wipe) {
        return EngineSettings.builder().dataDir(dataDir).wipe(wipe).startTimeout(Duration.ofSeconds(90)).build();
    }

    private Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, engines.kafkaBootstrap());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return props;
    }

    private ConsumerRecord<String, String> consumeFirst(String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, engines.kafkaBootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1)));
                    return record;
                }
            }
            throw new AssertionError("no record on " + TOPIC + " for group " + group + " within 30 s");
        }
    }

    private CqlSession cql() {
        return CqlSession.builder()
                .addContactPoint(engines.cassandraContactPoint())
                .withLocalDatacenter(engines.cassandraLocalDatacenter())
                // Schema changes on a fresh node can take longer than the driver's 2 s default.
                .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                        .build())
                .build();
    }

    private static List<ProcessHandle> processesOf(Engines engines) {
        return engines.processes().values().stream()
                .flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))
                .toList();
    }

    private static List<ProcessHandle> awaitHostEngines(Process host, Path hostLog) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(hostLog)) {
                for (String line : Files.readAllLines(hostLog)) {
                    if (line.startsWith(EnginesHost.UP + " ")) {
                        List<ProcessHandle> handles = new ArrayList<>();
                        Arrays.stream(line.substring(EnginesHost.UP.length() + 1).split(" "))
                                .map(Long::parseLong)
                                .forEach(pid -> handles.add(ProcessHandle.of(pid)
                                        .orElseThrow(() -> new AssertionError("engine " + pid + " already gone"))));
                        return handles;
                    }
                }
            }
            assertThat(host.isAlive()).as("host JVM alive; its output:\n%s", read(hostLog)).isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("host JVM did not start its engines in time:\n" + read(hostLog));
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "(nothing)";
    }

    private static int port(String hostAndPort) {
        return Integer.parseInt(hostAndPort.substring(hostAndPort.lastIndexOf(':') + 1));
    }

    private static void report(String what, Engines engines) {
        StringBuilder rss = new StringBuilder();
        for (var entry : engines.processes().entrySet()) {
            long kb = Stream.concat(Stream.of(entry.getValue()), entry.getValue().descendants())
                    .mapToLong(EnginesIT::rssKb).sum();
            rss.append(' ').append(entry.getKey()).append('=').append(kb / 1024).append("MB");
        }
        System.out.printf("%s: %s; RSS%s%n", what, engines.startupTimings(), rss);
    }

    private static long rssKb(ProcessHandle process) {
        try {
            return Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
                    .findFirst().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }
}
