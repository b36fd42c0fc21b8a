package dev.place.local.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Lays out the files a built engine module has, without building it, for tests that stop before launching. */
final class FakeBuild {

    private FakeBuild() {
    }

    static void all(Path root) throws IOException {
        Files.createDirectories(root.resolve(ProjectRoot.MARKER).getParent());
        Files.writeString(root.resolve(ProjectRoot.MARKER), "<project/>");
        kafka(root);
        cassandra(root);
    }

    static void kafka(Path root) throws IOException {
        module(EngineModule.kafka(root));
    }

    static void cassandra(Path root) throws IOException {
        EngineModule module = EngineModule.cassandra(root);
        module(module);
        touch(module.resource(CassandraEngine.JVM_FLAGS_RESOURCE));
    }

    private static void module(EngineModule module) throws IOException {
        touch(module.classesDir().resolve(module.mainClass().replace('.', '/') + ".class"));
        touch(module.libDir().resolve("engine-dependency.jar"));
    }

    private static void touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[0]);
    }
}
