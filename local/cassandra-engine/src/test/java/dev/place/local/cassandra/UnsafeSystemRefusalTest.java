package dev.place.local.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnsafeSystemRefusalTest {

    @Test
    void theEngineRefusesUnsafeSystemAndSaysWhy() {
        assertThat(CassandraEngineMain.unsafeSystemRefusal("true"))
                .contains("-Dcassandra.unsafesystem=true is refused")
                .contains("loses the history tables");
        assertThat(CassandraEngineMain.unsafeSystemRefusal("yes")).isNotNull();
    }

    @Test
    void anAbsentOrFalseUnsafeSystemIsAccepted() {
        assertThat(CassandraEngineMain.unsafeSystemRefusal(null)).isNull();
        assertThat(CassandraEngineMain.unsafeSystemRefusal("false")).isNull();
        assertThat(CassandraEngineMain.unsafeSystemRefusal("")).isNull();
    }
}
