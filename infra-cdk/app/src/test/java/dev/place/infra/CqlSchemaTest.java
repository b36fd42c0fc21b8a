package dev.place.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CqlSchemaTest {

  @Test
  void readsTheSharedHistorySchema() {
    List<CqlSchema.Table> tables = CqlSchema.parse(RepoLayout.find().historySchema());

    CqlSchema.Table byDay = tables.stream().filter(t -> t.name().equals("pixel_events_by_day_v2")).findFirst().orElseThrow();
    assertThat(byDay.partitionKey()).containsExactly("day", "tile", "bucket");
    assertThat(byDay.clustering()).containsExactly(new CqlSchema.Clustering("seq", "ASC"));
    assertThat(byDay.columns()).containsEntry("color", "tinyint").containsEntry("day", "date").containsEntry("bucket", "int");
    CqlSchema.Table history = tables.stream().filter(t -> t.name().equals("pixel_history")).findFirst().orElseThrow();
    assertThat(history.partitionKey()).containsExactly("x", "y");
    assertThat(history.clustering()).containsExactly(new CqlSchema.Clustering("seq", "DESC"));
    assertThat(history.regularColumns()).containsExactly("color", "user_id", "placed_at", "moderation_action");
  }

  @Test
  void singleColumnPartitionKeyInParenthesesAndSeveralClusteringColumns() {
    CqlSchema.Table t = CqlSchema.parse("""
        -- comment
        CREATE TABLE IF NOT EXISTS u (a text, b timestamp, c bigint, d int,
          PRIMARY KEY ((a), b, c)) WITH CLUSTERING ORDER BY (b DESC, c ASC);
        """).get(0);

    assertThat(t.partitionKey()).containsExactly("a");
    assertThat(t.clustering()).containsExactly(new CqlSchema.Clustering("b", "DESC"), new CqlSchema.Clustering("c", "ASC"));
    assertThat(t.regularColumns()).containsExactly("d");
  }

  @Test
  void rejectsWhatItDoesNotUnderstand() {
    assertThatThrownBy(() -> CqlSchema.parse("CREATE INDEX i ON t (a);")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CqlSchema.parse("CREATE TABLE t (a int);")).hasMessageContaining("PRIMARY KEY");
    assertThatThrownBy(() -> CqlSchema.parse("CREATE TABLE t (a int, PRIMARY KEY (a)) WITH compaction = {};"))
        .hasMessageContaining("unsupported table options");
  }
}
