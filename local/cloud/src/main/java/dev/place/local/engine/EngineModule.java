package dev.place.local.engine;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A Maven module under {@code local/} whose JVM engine runs from its build output: {@code target/classes} plus the
 * runtime dependencies that the module's {@code package} phase copies to {@code target/lib}.
 */
final class EngineModule {

    static final String BUILD_HINT =
            "./mvnw -q -pl local/kafka-engine,local/cassandra-engine -am package -DskipTests";

    private final String engine;
    private final Path root;
    private final Path moduleDir;
    private final String mainClass;

    private EngineModule(String engine, Path projectRoot, String moduleName, String mainClass) {
        this.engine = engine;
        this.root = projectRoot;
        this.moduleDir = projectRoot.resolve("local").resolve(moduleName);
        this.mainClass = mainClass;
    }

    static EngineModule kafka(Path projectRoot) {
        return new EngineModule("kafka", projectRoot, "kafka-engine", "dev.place.local.kafka.KafkaEngineMain");
    }

    static EngineModule cassandra(Path projectRoot) {
        return new EngineModule("cassandra", projectRoot, "cassandra-engine",
                "dev.place.local.cassandra.CassandraEngineMain");
    }

    String mainClass() {
        return mainClass;
    }

    Path classesDir() {
        return moduleDir.resolve("target").resolve("classes");
    }

    Path libDir() {
        return moduleDir.resolve("target").resolve("lib");
    }

    /** A file under target/classes, e.g. a flags file the JVM must read before any class loads. */
    Path resource(String name) {
        return classesDir().resolve(name);
    }

    /** The JVM expands {@code lib/*} itself, which keeps the command line short. */
    String classpath() {
        return classesDir() + File.pathSeparator + libDir().resolve("*");
    }

    /** Fails with the build command to run if the module has not been packaged. */
    EngineModule verifyBuilt(String... requiredResources) {
        Path mainClassFile = classesDir().resolve(mainClass.replace('.', '/') + ".class");
        if (!Files.isRegularFile(mainClassFile)) {
            throw notBuilt(mainClassFile + " is missing");
        }
        if (!hasJars(libDir())) {
            throw notBuilt(libDir() + " has no jars (it is filled by the module's package phase)");
        }
        for (String resource : requiredResources) {
            if (!Files.isRegularFile(resource(resource))) {
                throw notBuilt(resource(resource) + " is missing");
            }
        }
        return this;
    }

    private IllegalStateException notBuilt(String why) {
        return new IllegalStateException("The " + engine + " engine is not built: " + why + ". Build it with\n  cd "
                + root + " && " + BUILD_HINT);
    }

    private static boolean hasJars(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".jar"));
        } catch (IOException e) {
            return false;
        }
    }
}
