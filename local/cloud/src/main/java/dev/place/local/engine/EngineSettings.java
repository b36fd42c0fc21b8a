package dev.place.local.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to start the local engines. Every port defaults to 0, which means "pick a free port on 127.0.0.1"; the
 * chosen ports are reported by {@link Engines}. Only {@link Builder#dataDir(Path)} is required.
 */
public final class EngineSettings {

    private static final Pattern HEAP_SIZE = Pattern.compile("[1-9][0-9]*[kKmMgG]");
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");

    private final Path dataDir;
    private final boolean wipe;
    private final List<String> derivedData;
    private final int redisPort;
    private final int kafkaPort;
    private final int kafkaControllerPort;
    private final int cassandraPort;
    private final int cassandraStoragePort;
    private final Path projectRoot;
    private final Path redisExecutable;
    private final String kafkaMaxHeap;
    private final String cassandraMaxHeap;
    private final Duration startTimeout;
    private final Duration stopTimeout;

    private EngineSettings(Builder b) {
        if (b.dataDir == null) {
            throw new IllegalStateException("EngineSettings.dataDir is required");
        }
        this.dataDir = b.dataDir.toAbsolutePath().normalize();
        this.wipe = b.wipe;
        this.derivedData = List.copyOf(b.derivedData);
        this.redisPort = b.redisPort;
        this.kafkaPort = b.kafkaPort;
        this.kafkaControllerPort = b.kafkaControllerPort;
        this.cassandraPort = b.cassandraPort;
        this.cassandraStoragePort = b.cassandraStoragePort;
        this.projectRoot = b.projectRoot == null ? null : b.projectRoot.toAbsolutePath().normalize();
        this.redisExecutable = b.redisExecutable;
        this.kafkaMaxHeap = b.kafkaMaxHeap;
        this.cassandraMaxHeap = b.cassandraMaxHeap;
        this.startTimeout = b.startTimeout;
        this.stopTimeout = b.stopTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Path dataDir() {
        return dataDir;
    }

    public boolean wipe() {
        return wipe;
    }

    /** Entries of the data directory derived from the engines' data, deleted with it by a wipe. */
    public List<String> derivedData() {
        return derivedData;
    }

    public int redisPort() {
        return redisPort;
    }

    public int kafkaPort() {
        return kafkaPort;
    }

    public int kafkaControllerPort() {
        return kafkaControllerPort;
    }

    public int cassandraPort() {
        return cassandraPort;
    }

    public int cassandraStoragePort() {
        return cassandraStoragePort;
    }

    /** Empty means: system property {@code place.home}, else search upwards from {@code user.dir}. */
    public Optional<Path> projectRoot() {
        return Optional.ofNullable(projectRoot);
    }

    /** Empty means: {@code redis-server} on PATH, else the Linux binary shipped in the embedded-redis jar. */
    public Optional<Path> redisExecutable() {
        return Optional.ofNullable(redisExecutable);
    }

    public String kafkaMaxHeap() {
        return kafkaMaxHeap;
    }

    public String cassandraMaxHeap() {
        return cassandraMaxHeap;
    }

    public Duration startTimeout() {
        return startTimeout;
    }

    public Duration stopTimeout() {
        return stopTimeout;
    }

    public static final class Builder {
        private Path dataDir;
        private boolean wipe;
        private final List<String> derivedData = new ArrayList<>();
        private int redisPort;
        private int kafkaPort;
        private int kafkaControllerPort;
        private int cassandraPort;
        private int cassandraStoragePort;
        private Path projectRoot;
        private Path redisExecutable;
        private String kafkaMaxHeap = "512m";
        private String cassandraMaxHeap = "1g";
        // Generous: a cold start on a busy 2-core CI machine can take several times the warm ~10 s.
        private Duration startTimeout = Duration.ofSeconds(120);
        private Duration stopTimeout = Duration.ofSeconds(15);

        private Builder() {
        }

        /** Engines keep their data in {@code dataDir/redis}, {@code dataDir/kafka} and {@code dataDir/cassandra}. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /** Delete the engines' data before starting, for a blank cloud. */
        public Builder wipe(boolean wipe) {
            this.wipe = wipe;
            return this;
        }

        /**
         * Entries of the data directory (plain names, no path) holding what was made from the engines' data, e.g.
         * rendered history: a wipe deletes them too, under the same lock, or they would outlive the data they show.
         */
        public Builder wipeAlso(String... names) {
            for (String name : names) {
                if (name == null || !PLAIN_NAME.matcher(name).matches() || name.equals("bin")) {
                    throw new IllegalArgumentException(
                            "a derived data entry is a plain name inside the data directory (not bin), got " + name);
                }
                derivedData.add(name);
            }
            return this;
        }

        public Builder redisPort(int port) {
            this.redisPort = checkPort(port, "redisPort");
            return this;
        }

        public Builder kafkaPort(int port) {
            this.kafkaPort = checkPort(port, "kafkaPort");
            return this;
        }

        public Builder kafkaControllerPort(int port) {
            this.kafkaControllerPort = checkPort(port, "kafkaControllerPort");
            return this;
        }

        /** The CQL (native transport) port. */
        public Builder cassandraPort(int port) {
            this.cassandraPort = checkPort(port, "cassandraPort");
            return this;
        }

        /** Cassandra's internode port; nothing connects to it, but the node binds it. */
        public Builder cassandraStoragePort(int port) {
            this.cassandraStoragePort = checkPort(port, "cassandraStoragePort");
            return this;
        }

        /** The checkout root, which holds {@code local/kafka-engine/target/lib} and friends. */
        public Builder projectRoot(Path projectRoot) {
            this.projectRoot = Objects.requireNonNull(projectRoot, "projectRoot");
            return this;
        }

        public Builder redisExecutable(Path redisExecutable) {
            this.redisExecutable = Objects.requireNonNull(redisExecutable, "redisExecutable");
            return this;
        }

        /** A JVM size such as {@code 512m}; becomes the Kafka engine's {@code -Xmx}. */
        public Builder kafkaMaxHeap(String size) {
            this.kafkaMaxHeap = checkHeap(size, "kafkaMaxHeap");
            return this;
        }

        /** A JVM size such as {@code 1g}; becomes the Cassandra engine's {@code -Xmx}. */
        public Builder cassandraMaxHeap(String size) {
            this.cassandraMaxHeap = checkHeap(size, "cassandraMaxHeap");
            return this;
        }

        /** How long {@link Engines#start} waits for all engines together. */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = checkPositive(timeout, "startTimeout");
            return this;
        }

        /** How long {@link Engines#close} lets engines stop gracefully before killing them. */
        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = checkPositive(timeout, "stopTimeout");
            return this;
        }

        public EngineSettings build() {
            return new EngineSettings(this);
        }

        private static int checkPort(int port, String name) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(name + " must be 0 (any free port) or 1..65535, got " + port);
            }
            return port;
        }

        private static String checkHeap(String size, String name) {
            if (size == null || !HEAP_SIZE.matcher(size).matches()) {
                throw new IllegalArgumentException(name + " must be a JVM size like 512m or 1g, got " + size);
            }
            return size;
        }

        private static Duration checkPositive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }
    }
}
