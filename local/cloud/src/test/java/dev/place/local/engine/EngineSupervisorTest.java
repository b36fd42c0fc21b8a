package dev.place.local.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor with stand-in engines (bash scripts); the drills run it against the real engines. */
class EngineSupervisorTest {

    private static final EngineSupervisor.Backoff FAST =
            new EngineSupervisor.Backoff(Duration.ofMillis(20), Duration.ofMillis(80), Duration.ofMinutes(1));

    @TempDir
    Path tmp;

    private final List<EngineProcess> launched = new CopyOnWriteArrayList<>();
    private final List<EngineSupervisor.Event> seen = new CopyOnWriteArrayList<>();
    private EngineSupervisor supervisor;

    @AfterEach
    void stopEverything() {
        if (supervisor != null) {
            supervisor.close();
        }
        EngineStopper.stopAll(new ArrayList<>(launched), Duration.ofMillis(200));
    }

    @Test
    void anEngineKilledFromOutsideIsReportedAndRunsAgainWithANewProcess() throws Exception {
        AtomicInteger launches = new AtomicInteger();
        EngineSupervisor.Launcher launcher = () -> {
            launches.incrementAndGet();
            return standIn("redis", "echo serving; sleep 30");
        };
        supervisor = new EngineSupervisor(FAST, Duration.ofSeconds(5), seen::add);
        StartedEngine first = launcher.launch();
        supervisor.supervise(first, launcher);
        // Killed only once it has printed: the report's log tail must have something to show.
        await(() -> logContains(tmp.resolve("redis.log"), "serving"));

        first.process().handle().destroyForcibly();

        await(() -> kinds().contains(EngineSupervisor.Event.Kind.RESTARTED));
        assertThat(kinds()).containsExactly(EngineSupervisor.Event.Kind.EXITED, EngineSupervisor.Event.Kind.RESTARTED);
        assertThat(seen.get(0).pid()).isEqualTo(first.process().pid());
        // SIGKILL: 128 + 9. The log tail says what the engine printed before it died.
        assertThat(seen.get(0).detail()).contains("exited with code 137").contains("serving");
        assertThat(launches.get()).isEqualTo(2);
        assertThat(supervisor.restarts("redis")).isEqualTo(1);
        StartedEngine now = supervisor.current("redis");
        assertThat(now.process().pid()).isNotEqualTo(first.process().pid());
        assertThat(now.process().isAlive()).isTrue();
        assertThat(supervisor.events()).hasSize(2);
    }

    @Test
    void anEngineThatKeepsDyingIsRestartedAfterLongerAndLongerPausesUpToTheCap() throws Exception {
        EngineSupervisor.Launcher launcher = () -> standIn("kafka", "exit 1");
        supervisor = new EngineSupervisor(FAST, Duration.ofSeconds(5), seen::add);
        supervisor.supervise(launcher.launch(), launcher);

        await(() -> exits().size() >= 4);

        List<String> exits = exits();
        assertThat(exits.get(0)).contains("exited with code 1").contains("in 20 ms");
        assertThat(exits.get(1)).contains("in 40 ms");
        assertThat(exits.get(2)).contains("in 80 ms");
        assertThat(exits.get(3)).contains("in 80 ms");
    }

    @Test
    void afterCloseAnExitIsNotRestarted() throws Exception {
        AtomicInteger launches = new AtomicInteger();
        EngineSupervisor.Launcher launcher = () -> {
            launches.incrementAndGet();
            return standIn("cassandra", "sleep 30");
        };
        supervisor = new EngineSupervisor(FAST, Duration.ofSeconds(5), seen::add);
        StartedEngine engine = launcher.launch();
        supervisor.supervise(engine, launcher);

        supervisor.close();
        engine.process().handle().destroyForcibly();
        engine.process().handle().onExit().get();
        Thread.sleep(200);

        assertThat(launches.get()).isEqualTo(1);
        assertThat(seen).isEmpty();
    }

    @Test
    void aStalledEngineIsLeftAlone() throws Exception {
        EngineSupervisor.Launcher launcher = () -> standIn("redis", "sleep 30");
        supervisor = new EngineSupervisor(FAST, Duration.ofSeconds(5), seen::add);
        StartedEngine engine = launcher.launch();
        supervisor.supervise(engine, launcher);

        new ProcessBuilder("kill", "-STOP", String.valueOf(engine.process().pid())).start().waitFor();
        Thread.sleep(300);
        new ProcessBuilder("kill", "-CONT", String.valueOf(engine.process().pid())).start().waitFor();

        assertThat(seen).isEmpty();
        assertThat(supervisor.current("redis").process().pid()).isEqualTo(engine.process().pid());
    }

    private List<EngineSupervisor.Event.Kind> kinds() {
        return seen.stream().map(EngineSupervisor.Event::kind).toList();
    }

    private List<String> exits() {
        return seen.stream().filter(e -> e.kind() == EngineSupervisor.Event.Kind.EXITED)
                .map(EngineSupervisor.Event::detail).toList();
    }

    private StartedEngine standIn(String name, String script) throws IOException {
        EngineProcess process = EngineProcess.start(name, List.of("bash", "-c", script), tmp.resolve(name),
                tmp.resolve(name + ".log"));
        launched.add(process);
        return new StartedEngine() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public EngineProcess process() {
                return process;
            }

            @Override
            public ReadinessProbe readiness() {
                return process::isAlive;
            }
        };
    }

    private static boolean logContains(java.nio.file.Path log, String text) {
        try {
            return java.nio.file.Files.exists(log) && java.nio.file.Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
