package dev.place.local.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class CassandraEngineArgsTest {

    @Test
    void parsesAllOptions() {
        CassandraEngineArgs args = CassandraEngineArgs.parse("--data-dir", "/d/cassandra", "--port", "9042",
                "--storage-port", "7000", "--exit-on-stdin-eof");

        assertThat(args).isEqualTo(new CassandraEngineArgs(Path.of("/d/cassandra"), 9042, 7000, true));
    }

    @Test
    void rejectsMissingOptionsAndPortClashes() {
        assertThatThrownBy(() -> CassandraEngineArgs.parse("--data-dir", "d", "--port", "9042"))
                .hasMessageContaining("required");
        assertThatThrownBy(() -> CassandraEngineArgs.parse("--data-dir", "d", "--port", "9042", "--storage-port", "9042"))
                .hasMessageContaining("must differ");
        assertThatThrownBy(() -> CassandraEngineArgs.parse("--data-dir", "d", "--port", "70000", "--storage-port", "7000"))
                .hasMessageContaining("1..65535");
        assertThatThrownBy(() -> CassandraEngineArgs.parse("--jmx")).hasMessageContaining("unknown argument");
    }
}
