package dev.place.local.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadyLineProbeTest {

    @TempDir
    Path tmp;

    @Test
    void notReadyWhileTheLogDoesNotExistOrLacksTheLine() throws IOException {
        Path log = tmp.resolve("kafka.log");
        ReadyLineProbe probe = new ReadyLineProbe(log, "kafka");

        assertThat(probe.isReady()).isFalse();
        append(log, "starting\nWARN something\n");
        assertThat(probe.isReady()).isFalse();
    }

    @Test
    void readyOnceTheLineIsComplete() throws IOException {
        Path log = tmp.resolve("kafka.log");
        ReadyLineProbe probe = new ReadyLineProbe(log, "kafka");

        append(log, "noise\nPLACE-ENGINE-READY kaf");
        assertThat(probe.isReady()).as("half a line").isFalse();
        append(log, "ka 127.0.0.1:9092\n");
        assertThat(probe.isReady()).isTrue();
        assertThat(probe.isReady()).as("stays ready").isTrue();
    }

    @Test
    void anotherEnginesReadyLineDoesNotCount() throws IOException {
        Path log = tmp.resolve("mixed.log");
        append(log, "PLACE-ENGINE-READY cassandra 127.0.0.1:9042\n");

        assertThat(new ReadyLineProbe(log, "kafka").isReady()).isFalse();
        assertThat(new ReadyLineProbe(log, "cassandra").isReady()).isTrue();
    }

    @Test
    void findsTheLineEvenIfStderrOutputIsGluedInFrontOfIt() throws IOException {
        Path log = tmp.resolve("cassandra.log");
        append(log, "WARN half a warning PLACE-ENGINE-READY cassandra 127.0.0.1:9042\n");

        assertThat(new ReadyLineProbe(log, "cassandra").isReady()).isTrue();
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
