package dev.place.local.engine;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds a redis-server executable: an explicit one, else {@code redis-server} on PATH (e.g. Debian's package), else
 * the binary that the embedded-redis jar ships for this OS and CPU, extracted once into a directory we own.
 */
final class RedisBinary {

    static final String EXECUTABLE = "redis-server";

    private RedisBinary() {
    }

    static Path locate(Optional<Path> explicit, String pathEnv, Path extractDir) {
        if (explicit.isPresent()) {
            Path file = explicit.get();
            if (!Files.isExecutable(file)) {
                throw new IllegalStateException("redis executable " + file + " does not exist or is not executable");
            }
            return file;
        }
        return onPath(pathEnv).orElseGet(() -> extractEmbedded(extractDir));
    }

    static Optional<Path> onPath(String pathEnv) {
        if (pathEnv == null) {
            return Optional.empty();
        }
        for (String dir : pathEnv.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, EXECUTABLE);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Resource names as packaged in com.github.codemonstur:embedded-redis 1.4.3. */
    static String embeddedResource(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
        if (os.contains("linux")) {
            if (x64) {
                return "redis-server-6.2.6-v5-linux-amd64";
            }
            if (arm64) {
                return "redis-server-6.2.7-linux-arm64";
            }
            if (arch.equals("x86") || arch.equals("i386") || arch.equals("i686")) {
                return "redis-server-6.2.7-linux-386";
            }
        } else if (os.contains("mac") || os.contains("darwin")) {
            if (x64) {
                return "redis-server-6.2.6-v5-darwin-amd64";
            }
            if (arm64) {
                return "redis-server-6.2.6-v5-darwin-arm64";
            }
        }
        throw new IllegalStateException("No bundled redis-server for " + osName + "/" + osArch
                + "; install redis-server (e.g. apt-get install redis-server) so it is on PATH");
    }

    static Path extractEmbedded(Path extractDir) {
        String resource = embeddedResource(System.getProperty("os.name"), System.getProperty("os.arch"));
        Path target = extractDir.resolve(resource);
        try (InputStream in = RedisBinary.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("redis-server is not on PATH and the embedded-redis jar (resource "
                        + resource + ") is not on the classpath; install redis-server or add embedded-redis");
            }
            if (Files.isExecutable(target)) {
                return target;
            }
            Files.createDirectories(extractDir);
            // Copy then rename, so a concurrent or interrupted extraction never leaves a half-written executable.
            Path partial = Files.createTempFile(extractDir, resource, ".part");
            try {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                if (!partial.toFile().setExecutable(true, false)) {
                    throw new IOException("cannot make " + partial + " executable");
                }
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + resource + " to " + extractDir, e);
        }
    }
}
