package dev.place.local.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Kafka (KRaft, single node) in its own JVM, run from local/kafka-engine's build output. */
final class KafkaEngine implements StartedEngine {

    static final String NAME = "kafka";

    private final EngineProcess process;
    private final ReadinessProbe readiness;
    private final int port;

    private KafkaEngine(EngineProcess process, int port) {
        this.process = process;
        this.port = port;
        this.readiness = new ReadyLineProbe(process.logFile(), NAME);
    }

    static KafkaEngine launch(Path java, EngineModule module, Path kafkaDir, Path logFile, int port,
                              int controllerPort, String maxHeap) throws IOException {
        Path tmp = kafkaDir.resolve("tmp");
        Files.createDirectories(tmp);
        List<String> command = command(java, module, kafkaDir, tmp, port, controllerPort, maxHeap);
        return new KafkaEngine(EngineProcess.start(NAME, command, kafkaDir, logFile), port);
    }

    static List<String> command(Path java, EngineModule module, Path kafkaDir, Path tmpDir, int port,
                                int controllerPort, String maxHeap) {
        return List.of(
                java.toString(),
                "-Xms128m",
                "-Xmx" + maxHeap,
                // Kafka's own launch script uses G1 with a short pause goal.
                "-XX:+UseG1GC",
                "-XX:MaxGCPauseMillis=20",
                // A broker that ran out of memory is broken; better it dies and the failure shows.
                "-XX:+ExitOnOutOfMemoryError",
                "-Djava.awt.headless=true",
                // snappy and zstd unpack native libraries into the temp dir; keep them with the engine's data.
                "-Djava.io.tmpdir=" + tmpDir,
                "-cp", module.classpath(),
                module.mainClass(),
                "--data-dir", kafkaDir.toString(),
                "--port", String.valueOf(port),
                "--controller-port", String.valueOf(controllerPort),
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
