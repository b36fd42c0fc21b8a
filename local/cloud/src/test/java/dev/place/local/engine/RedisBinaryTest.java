package dev.place.local.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisBinaryTest {

    @TempDir
    Path tmp;

    @Test
    void picksTheBundledBinaryForThisOsAndCpu() {
        assertThat(RedisBinary.embeddedResource("Linux", "amd64")).isEqualTo("redis-server-6.2.6-v5-linux-amd64");
        assertThat(RedisBinary.embeddedResource("Linux", "x86_64")).isEqualTo("redis-server-6.2.6-v5-linux-amd64");
        assertThat(RedisBinary.embeddedResource("Linux", "aarch64")).isEqualTo("redis-server-6.2.7-linux-arm64");
        assertThat(RedisBinary.embeddedResource("Mac OS X", "aarch64")).isEqualTo("redis-server-6.2.6-v5-darwin-arm64");
        assertThatThrownBy(() -> RedisBinary.embeddedResource("Windows 11", "amd64"))
                .hasMessageContaining("apt-get install redis-server");
    }

    @Test
    void prefersAnExecutableRedisServerOnPath() throws IOException {
        Path notExecutable = file(tmp.resolve("a/redis-server"), false);
        Path executable = file(tmp.resolve("b/redis-server"), true);
        String path = String.join(File.pathSeparator, tmp.resolve("empty").toString(), notExecutable.getParent().toString(),
                executable.getParent().toString());

        assertThat(RedisBinary.onPath(path)).contains(executable);
        assertThat(RedisBinary.locate(Optional.empty(), path, tmp.resolve("bin"))).isEqualTo(executable);
        assertThat(RedisBinary.onPath(null)).isEmpty();
    }

    @Test
    void anExplicitExecutableWinsAndMustBeExecutable() throws IOException {
        Path explicit = file(tmp.resolve("x/my-redis"), true);
        Path notExecutable = file(tmp.resolve("y/my-redis"), false);

        assertThat(RedisBinary.locate(Optional.of(explicit), null, tmp)).isEqualTo(explicit);
        assertThatThrownBy(() -> RedisBinary.locate(Optional.of(notExecutable), null, tmp))
                .hasMessageContaining("not executable");
    }

    @Test
    void withoutOneOnPathExtractsTheBundledBinaryOnceAsAnExecutable() throws IOException {
        Path bin = tmp.resolve("bin");

        Path extracted = RedisBinary.locate(Optional.empty(), tmp.resolve("nothing-here").toString(), bin);
        long modified = Files.getLastModifiedTime(extracted).toMillis();
        Path again = RedisBinary.extractEmbedded(bin);

        String resource = RedisBinary.embeddedResource(System.getProperty("os.name"), System.getProperty("os.arch"));
        assertThat(extracted).isEqualTo(bin.resolve(resource)).isExecutable();
        try (InputStream original = getClass().getClassLoader().getResourceAsStream(resource)) {
            assertThat(Files.size(extracted)).isEqualTo(original.readAllBytes().length);
        }
        assertThat(again).isEqualTo(extracted);
        assertThat(Files.getLastModifiedTime(again).toMillis()).isEqualTo(modified);
        try (var files = Files.list(bin)) {
            assertThat(files).as("no partial files left behind").containsExactly(extracted);
        }
    }

    private static Path file(Path path, boolean executable) throws IOException {
        Files.createDirectories(path.getParent());
        Files.writeString(path, "#!/bin/sh\n");
        assertThat(path.toFile().setExecutable(executable, false)).isTrue();
        return path;
    }
}
