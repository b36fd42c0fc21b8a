package dev.place.local.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.cassandra.config.Config;
import org.apache.cassandra.config.YamlConfigurationLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CassandraYamlTest {

    @TempDir
    Path tmp;

    @Test
    void cassandraLoadsTheYamlWithTheGivenPortsAndLoopbackAddresses() throws IOException {
        Config config = load(tmp.resolve("cassandra"), 19042, 17000);

        assertThat(config.native_transport_port).isEqualTo(19042);
        assertThat(config.storage_port).isEqualTo(17000);
        assertThat(config.listen_address).isEqualTo("127.0.0.1");
        assertThat(config.rpc_address).isEqualTo("127.0.0.1");
        assertThat(config.start_native_transport).isTrue();
        assertThat(config.seed_provider.parameters).containsEntry("seeds", "127.0.0.1:17000");
    }

    @Test
    void everyDirectoryLivesUnderTheDataDir() throws IOException {
        Path dataDir = tmp.resolve("cassandra");

        Config config = load(dataDir, 9042, 7000);

        assertThat(config.data_file_directories).containsExactly(dataDir.resolve("data").toString());
        assertThat(List.of(config.commitlog_directory, config.saved_caches_directory, config.hints_directory,
                config.cdc_raw_directory)).allMatch(dir -> Path.of(dir).startsWith(dataDir));
    }

    @Test
    void aSingleTokenNodeInDatacenter1WithoutAuthentication() throws IOException {
        Config config = load(tmp.resolve("cassandra"), 9042, 7000);

        assertThat(config.num_tokens).isEqualTo(1);
        assertThat(config.endpoint_snitch).isEqualTo("SimpleSnitch");
        assertThat(config.authenticator.class_name).isEqualTo("AllowAllAuthenticator");
        assertThat(config.cluster_name).isEqualTo(CassandraYaml.CLUSTER_NAME);
        assertThat(config.auto_snapshot).isFalse();
    }

    @Test
    void aWriteIsAcknowledgedOnlyAfterTheCommitLogIsFsynced() throws IOException {
        Config config = load(tmp.resolve("cassandra"), 9042, 7000);

        // periodic would acknowledge writes up to a sync period before they are on disk, and the history writer
        // commits its Kafka offsets on that acknowledgement.
        assertThat(config.commitlog_sync).isEqualTo(Config.CommitLogSync.batch);
    }

    @Test
    void pathsWithSpacesAndQuotesSurvive() throws IOException {
        Path dataDir = tmp.resolve("it's a dir: with #odd chars");

        Config config = load(dataDir, 9042, 7000);

        assertThat(config.commitlog_directory).isEqualTo(dataDir.resolve("commitlog").toString());
    }

    /** Uses Cassandra's own loader, which rejects unknown or misspelt keys. */
    private Config load(Path dataDir, int nativePort, int storagePort) throws IOException {
        Path file = tmp.resolve("cassandra-" + nativePort + ".yaml");
        Files.writeString(file, CassandraYaml.render(dataDir, nativePort, storagePort), StandardCharsets.UTF_8);
        return new YamlConfigurationLoader().loadConfig(file.toUri().toURL());
    }
}
