package dev.place.local.kafka;

import dev.place.local.enginesupport.EngineProcessSupport;
import dev.place.local.enginesupport.ParentWatchdog;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/**
 * A single-node Kafka (KRaft, broker and controller combined) in this JVM. Prints
 * {@code PLACE-ENGINE-READY kafka 127.0.0.1:<port>} on stdout once clients can connect, and stops cleanly on
 * SIGTERM (or, with {@code --exit-on-stdin-eof}, when the launcher goes away).
 */
public final class KafkaEngineMain {

    public static final String READY_PREFIX = "PLACE-ENGINE-READY";

    private KafkaEngineMain() {
    }

    public static void main(String[] args) {
        // Must run before any Kafka class creates its logger; slf4j-simple reads these once.
        EngineProcessSupport.defaultProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        EngineProcessSupport.defaultProperty("org.slf4j.simpleLogger.logFile", "System.err");
        EngineProcessSupport.defaultProperty("org.slf4j.simpleLogger.showDateTime", "true");
        EngineProcessSupport.defaultProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");

        KafkaEngineArgs parsed;
        try {
            parsed = KafkaEngineArgs.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("kafka engine: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (parsed.exitOnStdinEof()) {
            ParentWatchdog.start("kafka", System.in);
        }
        try {
            run(parsed);
        } catch (Throwable t) {
            t.printStackTrace();
            // Last, so it is the first thing a reader of the log tail sees.
            System.err.println("kafka engine: failed to start: " + EngineProcessSupport.rootCause(t));
            System.exit(1);
        }
    }

    private static void run(KafkaEngineArgs args) throws IOException, InterruptedException {
        Path dataDir = args.dataDir();
        Path logDir = KafkaServerProperties.logDir(dataDir);
        Files.createDirectories(logDir);
        Properties properties = KafkaServerProperties.of(dataDir, args.port(), args.controllerPort(), args.overrides());
        Path propertiesFile = dataDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(propertiesFile)) {
            properties.store(out, "written by KafkaEngineMain on every start; edits are overwritten");
        }
        if (KafkaStorage.formatIfNeeded(propertiesFile, logDir, System.err)) {
            System.err.println("kafka engine: formatted new log directory " + logDir);
        }

        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
        }, "kafka-engine-shutdown"));
        server.startup();
        // startup() returns once the broker is unfenced; the probe only guards against a listener that is not bound yet.
        awaitListening(args.port());
        System.out.println(READY_PREFIX + " kafka " + KafkaServerProperties.HOST + ":" + args.port());
        System.out.flush();
    }

    private static void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(KafkaServerProperties.HOST, port), 1000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("broker started but port " + port + " does not accept connections", e);
                }
                Thread.sleep(50);
            }
        }
    }
}
