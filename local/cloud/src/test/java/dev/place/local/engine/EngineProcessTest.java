package dev.place.local.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uses plain shell processes as stand-in engines. */
class EngineProcessTest {

    @TempDir
    Path tmp;

    private EngineProcess process;

    @AfterEach
    void killLeftovers() throws InterruptedException {
        if (process != null) {
            process.forceStop();
        }
    }

    @Test
    void stdoutAndStderrGoToTheLogAndThePreviousLogIsKept() throws Exception {
        Path log = tmp.resolve("engine.log");
        Files.writeString(log, "last run\n");

        process = start("echo to-stdout; echo to-stderr >&2");
        process.handle().onExit().get();

        assertThat(Files.readString(log)).contains("to-stdout").contains("to-stderr");
        assertThat(Files.readString(tmp.resolve("engine.log.1"))).isEqualTo("last run\n");
        assertThat(process.exitCode()).contains(0);
    }

    @Test
    void stopSendsSigtermAndWaitsForACleanExit() throws Exception {
        process = start("trap 'echo got TERM; exit 0' TERM; echo up; while :; do sleep 0.1; done");
        awaitLogContains("up");

        List<String> killed = EngineStopper.stopAll(List.of(process), Duration.ofSeconds(10));

        assertThat(killed).isEmpty();
        assertThat(process.isAlive()).isFalse();
        assertThat(process.logTail(5)).contains("got TERM");
    }

    @Test
    void stopClosesStdinSoAnEngineWatchingItExitsEvenIfItIgnoresSigterm() throws Exception {
        process = start("trap '' TERM; echo up; cat > /dev/null; echo saw EOF");
        awaitLogContains("up");

        List<String> killed = EngineStopper.stopAll(List.of(process), Duration.ofSeconds(10));

        assertThat(killed).isEmpty();
        assertThat(process.logTail(5)).contains("saw EOF");
    }

    @Test
    void anEngineThatIgnoresSigtermAndStdinIsKilledAfterTheGracePeriod() throws Exception {
        process = start("trap '' TERM; echo up; while :; do sleep 0.1; done");
        awaitLogContains("up");

        long started = System.nanoTime();
        List<String> killed = EngineStopper.stopAll(List.of(process), Duration.ofMillis(500));

        assertThat(killed).containsExactly("fake");
        assertThat(process.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void killingAnEngineAlsoKillsTheChildrenItHad() throws Exception {
        process = start("trap '' TERM; sleep 300 & echo child $!; while :; do sleep 0.1; done");
        awaitLogContains("child ");
        long childPid = Long.parseLong(process.logTail(1).replaceAll("(?s).*child (\\d+).*", "$1"));
        ProcessHandle child = ProcessHandle.of(childPid).orElseThrow();

        EngineStopper.stopAll(List.of(process), Duration.ofMillis(300));

        assertThat(process.isAlive()).isFalse();
        assertThat(child.isAlive()).isFalse();
    }

    @Test
    void logTailReturnsTheLastLines() throws Exception {
        process = start("for i in $(seq 1 100); do echo line $i; done");
        process.handle().onExit().get();

        assertThat(process.logTail(3)).isEqualTo("line 98\nline 99\nline 100");
        assertThat(EngineProcess.tail(tmp.resolve("missing.log"), 3)).contains("no log at");
    }

    private EngineProcess start(String script) throws IOException {
        return EngineProcess.start("fake", List.of("bash", "-c", script), tmp.resolve("work"), tmp.resolve("engine.log"));
    }

    private void awaitLogContains(String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!process.logTail(50).contains(text)) {
            assertThat(System.nanoTime()).as("log never contained '%s'", text).isLessThan(deadline);
            Thread.sleep(10);
        }
    }
}
