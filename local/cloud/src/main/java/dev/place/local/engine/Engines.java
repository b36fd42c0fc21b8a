package dev.place.local.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis, Kafka and Cassandra, each in its own OS process, started in parallel on 127.0.0.1.
 *
 * <pre>{@code
 * try (Engines engines = Engines.start(EngineSettings.builder().dataDir(dir).build())) {
 *     engines.kafkaBootstrap(); // "127.0.0.1:41234"
 * }
 * }</pre>
 *
 * {@link #close()} stops every engine and leaves no process behind. Nothing global is registered: if the caller
 * wants engines stopped on JVM shutdown, it adds its own hook calling {@code close()}. Without one, the engines
 * still exit by themselves when this JVM dies, because each watches a pipe that only this JVM holds.
 */
public final class Engines implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Engines.class);
    private static final int LOG_TAIL_LINES = 40;
    private static final long POLL_MILLIS = 25;

    private final Path dataDir;
    private final DataDirLock lock;
    private final RedisEngine redis;
    private final KafkaEngine kafka;
    private final CassandraEngine cassandra;
    private final StartupTimings timings;
    private final Duration stopTimeout;
    private final EngineSupervisor supervisor;
    private boolean closed;

    private Engines(Path dataDir, DataDirLock lock, RedisEngine redis, KafkaEngine kafka, CassandraEngine cassandra,
                    StartupTimings timings, Duration stopTimeout, EngineSupervisor supervisor) {
        this.dataDir = dataDir;
        this.lock = lock;
        this.redis = redis;
        this.kafka = kafka;
        this.cassandra = cassandra;
        this.timings = timings;
        this.stopTimeout = stopTimeout;
        this.supervisor = supervisor;
    }

    /**
     * Starts all three engines and returns once each one serves.
     *
     * @throws EngineStartException  if an engine exits early or is not ready within the start timeout; every engine
     *                               already launched has been stopped by then
     * @throws IllegalStateException if the engine modules are not built, a port is taken, or the data directory is
     *                               in use by other engines
     */
    public static Engines start(EngineSettings settings) {
        long began = System.nanoTime();
        Path root = ProjectRoot.locate(settings.projectRoot());
        EngineModule kafkaModule = EngineModule.kafka(root).verifyBuilt();
        EngineModule cassandraModule = EngineModule.cassandra(root).verifyBuilt(CassandraEngine.JVM_FLAGS_RESOURCE);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path dataDir = settings.dataDir();
        createDirectories(dataDir);

        DataDirLock lock = DataDirLock.acquire(dataDir);
        List<StartedEngine> launched = new ArrayList<>();
        try {
            if (settings.wipe()) {
                for (String engine : List.of(RedisEngine.NAME, KafkaEngine.NAME, CassandraEngine.NAME)) {
                    deleteRecursively(dataDir.resolve(engine));
                }
            }
            Path redisExecutable = RedisBinary.locate(settings.redisExecutable(), System.getenv("PATH"),
                    dataDir.resolve("bin"));
            Map<String, Integer> requested = new LinkedHashMap<>();
            requested.put("redis", settings.redisPort());
            requested.put("kafka", settings.kafkaPort());
            requested.put("kafka controller", settings.kafkaControllerPort());
            requested.put("cassandra", settings.cassandraPort());
            requested.put("cassandra storage", settings.cassandraStoragePort());
            Map<String, Integer> ports = PortAllocator.allocate(requested);

            // The same launch serves the first start and every restart by the supervisor: same ports, same data.
            EngineSupervisor.Launcher launchCassandra = () -> CassandraEngine.launch(java, cassandraModule,
                    dataDir.resolve(CassandraEngine.NAME), logFile(dataDir, CassandraEngine.NAME),
                    ports.get("cassandra"), ports.get("cassandra storage"), settings.cassandraMaxHeap());
            EngineSupervisor.Launcher launchKafka = () -> KafkaEngine.launch(java, kafkaModule,
                    dataDir.resolve(KafkaEngine.NAME), logFile(dataDir, KafkaEngine.NAME), ports.get("kafka"),
                    ports.get("kafka controller"), settings.kafkaMaxHeap());
            EngineSupervisor.Launcher launchRedis = () -> RedisEngine.launch(redisExecutable,
                    dataDir.resolve(RedisEngine.NAME), logFile(dataDir, RedisEngine.NAME), ports.get("redis"));
            // Slowest first, so its clock starts earliest.
            CassandraEngine cassandra = (CassandraEngine) launchCassandra.launch();
            launched.add(cassandra);
            KafkaEngine kafka = (KafkaEngine) launchKafka.launch();
            launched.add(kafka);
            RedisEngine redis = (RedisEngine) launchRedis.launch();
            launched.add(redis);

            Map<String, Duration> ready = awaitReady(launched, settings.startTimeout());
            StartupTimings timings = new StartupTimings(ready.get(RedisEngine.NAME), ready.get(KafkaEngine.NAME),
                    ready.get(CassandraEngine.NAME), Duration.ofNanos(System.nanoTime() - began));
            EngineSupervisor supervisor = new EngineSupervisor(EngineSupervisor.Backoff.DEFAULT, settings.startTimeout(),
                    event -> { });
            supervisor.supervise(cassandra, launchCassandra);
            supervisor.supervise(kafka, launchKafka);
            supervisor.supervise(redis, launchRedis);
            Engines engines = new Engines(dataDir, lock, redis, kafka, cassandra, timings, settings.stopTimeout(),
                    supervisor);
            LOG.info("Engines ready in {}: redis {}, kafka {}, cassandra {}; {}", dataDir, engines.redisUri(),
                    engines.kafkaBootstrap(), PortAllocator.LOOPBACK.getHostAddress() + ":" + cassandra.port(), timings);
            return engines;
        } catch (IOException e) {
            throw abort(launched, lock, settings, new UncheckedIOException("cannot start engines in " + dataDir, e));
        } catch (InterruptedException e) {
            // Stop the engines gracefully first: with the flag set, every wait would end at once in a SIGKILL.
            RuntimeException failure = abort(launched, lock, settings,
                    new EngineStartException("interrupted while starting engines", e));
            Thread.currentThread().interrupt();
            throw failure;
        } catch (RuntimeException | Error e) {
            throw abort(launched, lock, settings, e);
        }
    }

    /** e.g. {@code redis://127.0.0.1:6379} */
    public String redisUri() {
        return "redis://" + PortAllocator.LOOPBACK.getHostAddress() + ":" + redis.port();
    }

    public int redisPort() {
        return redis.port();
    }

    /** e.g. {@code 127.0.0.1:9092}, for {@code bootstrap.servers} */
    public String kafkaBootstrap() {
        return PortAllocator.LOOPBACK.getHostAddress() + ":" + kafka.port();
    }

    /** The CQL endpoint; pair it with {@link #cassandraLocalDatacenter()} in the driver. */
    public InetSocketAddress cassandraContactPoint() {
        return new InetSocketAddress(PortAllocator.LOOPBACK, cassandra.port());
    }

    /** {@value CassandraEngine#LOCAL_DATACENTER}, the only datacenter of the local node. */
    public String cassandraLocalDatacenter() {
        return CassandraEngine.LOCAL_DATACENTER;
    }

    public StartupTimings startupTimings() {
        return timings;
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * The engine processes by name ("redis", "kafka", "cassandra"), e.g. for reporting pid or memory. The redis
     * entry is its guard shell; redis-server itself is that process's child.
     */
    public Map<String, ProcessHandle> processes() {
        Map<String, ProcessHandle> result = new LinkedHashMap<>();
        for (String name : NAMES) {
            result.put(name, supervisor.current(name).process().handle());
        }
        return result;
    }

    /** The engines' names, in the order {@link #processes()} lists them. */
    public static final List<String> NAMES = List.of(RedisEngine.NAME, KafkaEngine.NAME, CassandraEngine.NAME);

    /**
     * The process that does the engine's work, for signalling it (the fault drills): the JVM for Kafka and
     * Cassandra, redis-server itself for Redis (not its guard shell, whose SIGSTOP would stall nothing).
     *
     * @throws IllegalArgumentException for a name not in {@link #NAMES}
     * @throws IllegalStateException    when that process is not running right now (e.g. being restarted)
     */
    public ProcessHandle serverProcess(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("no engine named '" + name + "'; engines: " + NAMES);
        }
        ProcessHandle handle = supervisor.current(name).process().handle();
        if (name.equals(RedisEngine.NAME)) {
            handle = handle.children().findFirst().orElse(null);
        }
        if (handle == null || !handle.isAlive()) {
            throw new IllegalStateException(name + " is not running right now");
        }
        return handle;
    }

    /** Whether the engine's current process runs and serves (its readiness probe answers), e.g. after a restart. */
    public boolean isServing(String name) {
        StartedEngine engine = supervisor.current(name);
        return engine.process().isAlive() && probe(engine.readiness());
    }

    /** How many times the supervisor restarted the engine since {@link #start}. */
    public int restarts(String name) {
        return supervisor.restarts(name);
    }

    /** What the supervisor saw and did (exits, restarts), oldest first, one line each. */
    public List<String> supervisionLog() {
        return supervisor.events().stream().map(EngineSupervisor.Event::toString).toList();
    }

    /** Where each engine's stdout and stderr go: {@code <dataDir>/<engine>.log}. */
    public Map<String, Path> logFiles() {
        Map<String, Path> result = new LinkedHashMap<>();
        for (String name : NAMES) {
            result.put(name, supervisor.current(name).process().logFile());
        }
        return result;
    }

    /**
     * Stops all engines: SIGTERM, up to the stop timeout (15 s by default) for a clean shutdown, then SIGKILL for
     * whatever is left, children included. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            // First, so a stop is never mistaken for a crash and "repaired" with a restart.
            supervisor.close();
            List<String> killed = EngineStopper.stopAll(List.of(
                    supervisor.current(CassandraEngine.NAME).process(), supervisor.current(KafkaEngine.NAME).process(),
                    supervisor.current(RedisEngine.NAME).process()), stopTimeout);
            if (!killed.isEmpty()) {
                LOG.warn("Killed {} after they did not stop within {} s", killed, stopTimeout.toSeconds());
            }
        } finally {
            lock.close();
        }
    }

    static Path logFile(Path dataDir, String engine) {
        return dataDir.resolve(engine + ".log");
    }

    /** Polls every launched engine until all serve; fails fast when one exits, with the end of its log. */
    static Map<String, Duration> awaitReady(List<StartedEngine> engines, Duration timeout) throws InterruptedException {
        long deadline = engines.stream().mapToLong(e -> e.process().startedNanos()).min().orElse(System.nanoTime())
                + timeout.toNanos();
        Map<String, Duration> ready = new LinkedHashMap<>();
        while (true) {
            for (StartedEngine engine : engines) {
                if (ready.containsKey(engine.name())) {
                    continue;
                }
                EngineProcess process = engine.process();
                if (!process.isAlive()) {
                    throw new EngineStartException(engine.name() + " exited with code "
                            + process.exitCode().orElse(-1) + " before it was ready.\n" + tailOf(process));
                }
                if (probe(engine.readiness())) {
                    ready.put(engine.name(), Duration.ofNanos(System.nanoTime() - process.startedNanos()));
                }
            }
            if (ready.size() == engines.size()) {
                return ready;
            }
            if (System.nanoTime() > deadline) {
                StringBuilder message = new StringBuilder("Not ready after " + timeout.toSeconds() + " s:");
                for (StartedEngine engine : engines) {
                    if (!ready.containsKey(engine.name())) {
                        message.append("\n- ").append(engine.name()).append(", waiting for ").append(engine.readiness());
                    }
                }
                for (StartedEngine engine : engines) {
                    if (!ready.containsKey(engine.name())) {
                        message.append('\n').append(tailOf(engine.process()));
                    }
                }
                throw new EngineStartException(message.toString());
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static boolean probe(ReadinessProbe probe) {
        try {
            return probe.isReady();
        } catch (IOException e) {
            return false;
        }
    }

    private static String tailOf(EngineProcess process) {
        return "Last lines of " + process.logFile() + " (" + process.name() + ", pid " + process.pid() + "):\n"
                + process.logTail(LOG_TAIL_LINES);
    }

    private static RuntimeException abort(List<StartedEngine> launched, DataDirLock lock, EngineSettings settings,
                                          Throwable cause) {
        try {
            EngineStopper.stopAll(launched.stream().map(StartedEngine::process).toList(), settings.stopTimeout());
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        } finally {
            lock.close();
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return (RuntimeException) cause;
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
