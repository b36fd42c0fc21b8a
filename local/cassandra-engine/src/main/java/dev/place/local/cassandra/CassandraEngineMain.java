package dev.place.local.cassandra;

import dev.place.local.enginesupport.EngineProcessSupport;
import dev.place.local.enginesupport.ParentWatchdog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.cassandra.service.CassandraDaemon;
import org.apache.cassandra.service.StorageService;

/**
 * A single Cassandra node in this JVM. Prints {@code PLACE-ENGINE-READY cassandra 127.0.0.1:<port>} on stdout once
 * CQL clients can connect, and drains and stops on SIGTERM (or, with {@code --exit-on-stdin-eof}, when the launcher
 * goes away). The JVM must be started with {@code @jvm17.flags} from this module's resources.
 */
public final class CassandraEngineMain {

    public static final String READY_PREFIX = "PLACE-ENGINE-READY";
    static final String FLAGS_RESOURCE = "dev/place/local/cassandra/jvm17.flags";
    static final String LOGBACK_RESOURCE = "dev/place/local/cassandra/logback-engine.xml";

    private CassandraEngineMain() {
    }

    public static void main(String[] args) {
        CassandraEngineArgs parsed;
        try {
            parsed = CassandraEngineArgs.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("cassandra engine: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (!jpmsFlagsApplied()) {
            System.err.println("cassandra engine: the JVM was started without the Java 17 module flags Cassandra needs."
                    + " Add @<path to target/classes/" + FLAGS_RESOURCE + "> to the java command line.");
            System.exit(2);
            return;
        }
        String unsafe = unsafeSystemRefusal(System.getProperty(UNSAFE_SYSTEM));
        if (unsafe != null) {
            System.err.println("cassandra engine: " + unsafe);
            System.exit(2);
            return;
        }
        if (parsed.exitOnStdinEof()) {
            ParentWatchdog.start("cassandra", System.in);
        }
        try {
            run(parsed);
        } catch (Throwable t) {
            t.printStackTrace();
            // Last, so it is the first thing a reader of the log tail sees.
            System.err.println("cassandra engine: failed to start: " + EngineProcessSupport.rootCause(t));
            System.exit(1);
        }
    }

    static final String UNSAFE_SYSTEM = "cassandra.unsafesystem";

    /**
     * The local cloud holds a user's real history, so a -D that makes a crash lose it is refused rather than obeyed:
     * with {@value #UNSAFE_SYSTEM} the schema is not flushed and a SIGKILL loses whole tables.
     *
     * @return why the engine will not start, or null
     */
    static String unsafeSystemRefusal(String value) {
        if (value != null && !value.isBlank() && !value.strip().equalsIgnoreCase("false")) {
            return "-D" + UNSAFE_SYSTEM + "=" + value + " is refused: it makes schema changes non-durable, and a kill"
                    + " then loses the history tables (docs/operations.md, When something breaks)";
        }
        return null;
    }

    /** Without these, Cassandra dies deep inside startup with an IllegalAccessException; better to say why up front. */
    static boolean jpmsFlagsApplied() {
        Module self = CassandraEngineMain.class.getModule();
        return Object.class.getModule().isOpen("java.io", self)
                && ByteBuffer.class.getModule().isOpen("sun.nio.ch", self);
    }

    private static void run(CassandraEngineArgs args) throws IOException, InterruptedException {
        Path dataDir = args.dataDir();
        Path yaml = CassandraYaml.configFile(dataDir);
        Files.createDirectories(yaml.getParent());
        Files.createDirectories(dataDir.resolve("logs"));
        Files.writeString(yaml, CassandraYaml.render(dataDir, args.port(), args.storagePort()), StandardCharsets.UTF_8);

        // Set before the first Cassandra class loads: they are read in static initialisers. -D on the command line wins.
        EngineProcessSupport.defaultProperty("cassandra.config", yaml.toUri().toString());
        EngineProcessSupport.defaultProperty("logback.configurationFile", LOGBACK_RESOURCE);
        // Without it CassandraDaemon closes System.out and System.err, and the ready line would never be seen.
        EngineProcessSupport.defaultProperty("cassandra-foreground", "yes");
        EngineProcessSupport.defaultProperty("cassandra.logdir", dataDir.resolve("logs").toString());
        EngineProcessSupport.defaultProperty("cassandra.storagedir", dataDir.toString());
        // A single node has no ring to wait for: these waits add ~30 s of sleeping to every start.
        EngineProcessSupport.defaultProperty("cassandra.skip_wait_for_gossip_to_settle", "0");
        EngineProcessSupport.defaultProperty("cassandra.ring_delay_ms", "0");
        EngineProcessSupport.defaultProperty("cassandra.superuser_setup_delay_ms", "0");
        // Nobody listens for the shutdown announcement of a one-node ring; the default sleeps 2 s on every stop.
        EngineProcessSupport.defaultProperty("cassandra.shutdown_announce_in_ms", "0");
        // Never cassandra.unsafesystem: it skips flushing the schema tables, so after a SIGKILL the node restarts
        // without the history tables and drops their commit log ("Skipped N mutations from unknown CF"): every row
        // gone. It saved about 3 s of start-up; durable history is worth more.

        // Returns after startup; on failure Cassandra logs the cause and exits the JVM with code 3.
        CassandraDaemon.main(new String[0]);
        awaitCql(args.port());
        System.out.println(READY_PREFIX + " cassandra " + CassandraYaml.HOST + ":" + args.port());
        System.out.flush();
    }

    private static void awaitCql(int port) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            if (StorageService.instance.isNativeTransportRunning()) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(CassandraYaml.HOST, port), 1000);
                    return;
                } catch (IOException e) {
                    // Listener not bound yet; retry below.
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Cassandra started but CQL port " + port + " does not accept connections");
            }
            Thread.sleep(50);
        }
    }
}
