package dev.place.shared.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaInstallerTest {

  @Test
  void theSchemaFileYieldsOneStatementPerTableWithoutComments() {
    List<String> statements = SchemaInstaller.statements();
    assertThat(statements).hasSize(5);
    assertThat(statements).allSatisfy(s -> assertThat(s).startsWith("CREATE TABLE IF NOT EXISTS").doesNotContain("--"));
  }

  @Test
  void eachStatementNamesItsTable() {
    assertThat(SchemaInstaller.statements()).extracting(SchemaInstaller::tableName)
        .containsExactly("pixel_events_by_day_v2", "pixel_history", "user_placements", "tile_checkpoints", "moderation_actions");
  }

  @Test
  void everyHistoryKeyContainsTheTileSequenceSoReplaysAreIdempotent() {
    // The moderation audit log is not history of placements: an action is written once, under its id.
    assertThat(SchemaInstaller.statements().stream().filter(s -> !SchemaInstaller.tableName(s).equals("moderation_actions")))
        .allSatisfy(s -> assertThat(s).containsPattern("PRIMARY KEY \\(\\([^)]*\\),( [a-z_]+,)* seq\\)"));
  }

  @Test
  void theAuditTableIsPartitionedByDayTileAndBucketSoAHotTileSpreadsOverManyPartitions() {
    String byDay = SchemaInstaller.statements().stream().filter(s -> SchemaInstaller.tableName(s).equals(TileDayEvents.TABLE))
        .findFirst().orElseThrow();
    assertThat(byDay).contains("bucket int").contains("PRIMARY KEY ((day, tile, bucket), seq)");
  }

  @Test
  void aTableCreatedBeforeTheModerationMarkGetsTheColumnAdded() {
    String byPixel = SchemaInstaller.statements().stream().filter(s -> SchemaInstaller.tableName(s).equals("pixel_history"))
        .findFirst().orElseThrow();
    assertThat(SchemaInstaller.columns(byPixel)).containsEntry("moderation_action", "text").containsEntry("seq", "bigint")
        .doesNotContainKey("PRIMARY");
    assertThat(SchemaInstaller.addMissingColumns(byPixel, java.util.Set.of("x", "y", "seq", "color", "user_id", "placed_at")))
        .containsExactly("ALTER TABLE pixel_history ADD moderation_action text");
    assertThat(SchemaInstaller.addMissingColumns(byPixel, SchemaInstaller.columns(byPixel).keySet())).isEmpty();
  }
}
