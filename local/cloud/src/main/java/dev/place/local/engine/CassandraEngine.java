package dev.place.local.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** One Cassandra node in its own JVM, run from local/cassandra-engine's build output. */
final class CassandraEngine implements StartedEngine {

    static final String NAME = "cassandra";
    /** The Java 17 module flags Cassandra needs, shipped by local/cassandra-engine and passed as {@code @file}. */
    static final String JVM_FLAGS_RESOURCE = "dev/place/local/cassandra/jvm17.flags";
    /** What SimpleSnitch calls the only datacenter; CQL drivers need it as their local datacenter. */
    static final String LOCAL_DATACENTER = "datacenter1";

    private final EngineProcess process;
    private final ReadinessProbe readiness;
    private final int port;

    private CassandraEngine(EngineProcess process, int port) {
        this.process = process;
        this.port = port;
        this.readiness = new ReadyLineProbe(process.logFile(), NAME);
    }

    static CassandraEngine launch(Path java, EngineModule module, Path cassandraDir, Path logFile, int port,
                                  int storagePort, String maxHeap) throws IOException {
        Path tmp = cassandraDir.resolve("tmp");
        Files.createDirectories(tmp);
        List<String> command = command(java, module, cassandraDir, tmp, port, storagePort, maxHeap);
        return new CassandraEngine(EngineProcess.start(NAME, command, cassandraDir, logFile), port);
    }

    static List<String> command(Path java, EngineModule module, Path cassandraDir, Path tmpDir, int port,
                                int storagePort, String maxHeap) {
        return List.of(
                java.toString(),
                // A small initial heap keeps the resident size near 700 MB instead of 1.5 GB with -Xms1g.
                "-Xms256m",
                "-Xmx" + maxHeap,
                "-Xss512k",
                "-XX:+UseG1GC",
                "-XX:+ExitOnOutOfMemoryError",
                "-Djava.awt.headless=true",
                "-Djava.io.tmpdir=" + tmpDir,
                "@" + module.resource(JVM_FLAGS_RESOURCE),
                "-cp", module.classpath(),
                module.mainClass(),
                "--data-dir", cassandraDir.toString(),
                "--port", String.valueOf(port),
                "--storage-port", String.valueOf(storagePort),
                "--exit-on-stdin-eof");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public EngineProcess process() {
        return process;
    }

    @Override
    public ReadinessProbe readiness() {
        return readiness;
    }

    int port() {
        return port;
    }
}
