package dev.place.local.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaStorageTest {

    @TempDir
    Path dataDir;

    @Test
    void formatsANewLogDirOnceAndKeepsItsClusterIdOnLaterStarts() throws IOException {
        Path logDir = KafkaServerProperties.logDir(dataDir);
        Path propertiesFile = writeProperties();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

        assertThat(KafkaStorage.isFormatted(logDir)).isFalse();
        assertThat(KafkaStorage.formatIfNeeded(propertiesFile, logDir, quiet)).isTrue();
        String clusterId = clusterId(logDir);

        assertThat(KafkaStorage.formatIfNeeded(propertiesFile, logDir, quiet)).isFalse();
        assertThat(clusterId(logDir)).isNotBlank().isEqualTo(clusterId);
    }

    private Path writeProperties() throws IOException {
        Properties props = KafkaServerProperties.of(dataDir, 19092, 19093, Map.of());
        Path file = dataDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, null);
        }
        return file;
    }

    private static String clusterId(Path logDir) throws IOException {
        Properties meta = new Properties();
        try (Reader in = Files.newBufferedReader(logDir.resolve("meta.properties"))) {
            meta.load(in);
        }
        return meta.getProperty("cluster.id");
    }
}
