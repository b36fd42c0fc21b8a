package dev.place.local.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bash guard around redis-server, with {@code sleep} standing in for Redis ({@code "$1" "$2"} = sleep 300), so
 * no port is opened. Closing the guard's stdin is exactly what the kernel does when the launcher dies.
 */
class RedisGuardTest {

    private Process guard;
    private ProcessHandle fakeRedis;

    @AfterEach
    void killLeftovers() {
        if (fakeRedis != null) {
            fakeRedis.destroyForcibly();
        }
        if (guard != null) {
            guard.destroyForcibly();
        }
    }

    @Test
    void whenItsStdinClosesTheGuardStopsRedisAndExits() throws Exception {
        startGuard("sleep", "300");

        guard.getOutputStream().close();

        assertThat(guard.waitFor(5, TimeUnit.SECONDS)).as("guard exited").isTrue();
        assertThat(fakeRedis.onExit().get(5, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    @Test
    void sigtermToTheGuardIsForwardedToRedis() throws Exception {
        startGuard("sleep", "300");

        guard.destroy();

        assertThat(guard.waitFor(5, TimeUnit.SECONDS)).as("guard exited").isTrue();
        assertThat(fakeRedis.onExit().get(5, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    @Test
    void whenRedisDiesTheGuardExitsWithRedisStatus(@TempDir Path tmp) throws Exception {
        Path failingRedis = tmp.resolve("failing-redis");
        Files.writeString(failingRedis, "#!/bin/sh\nexit 7\n");
        assertThat(failingRedis.toFile().setExecutable(true)).isTrue();

        guard = new ProcessBuilder(RedisEngine.command(failingRedis, tmp.resolve("redis.conf"))).start();

        assertThat(guard.waitFor(5, TimeUnit.SECONDS)).as("guard exited").isTrue();
        assertThat(guard.exitValue()).isEqualTo(7);
    }

    private void startGuard(String fakeRedisExecutable, String argument) throws Exception {
        List<String> command = RedisEngine.command(Path.of(fakeRedisExecutable), Path.of(argument));
        guard = new ProcessBuilder(command).redirectErrorStream(true).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        Optional<ProcessHandle> child = Optional.empty();
        while (child.isEmpty() && System.nanoTime() < deadline) {
            child = guard.descendants().findFirst();
            Thread.sleep(10);
        }
        fakeRedis = child.orElseThrow(() -> new AssertionError("guard did not start its child"));
    }
}
