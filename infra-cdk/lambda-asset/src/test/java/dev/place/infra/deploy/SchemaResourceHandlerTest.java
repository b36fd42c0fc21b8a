package dev.place.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.history.SchemaInstaller;
import org.junit.jupiter.api.Test;

class SchemaResourceHandlerTest {

  @Test
  void everySharedStatementGetsPointInTimeRecoveryInOneWithClause() {
    assertThat(SchemaInstaller.statements()).isNotEmpty().allSatisfy(statement -> {
      String keyspaces = SchemaResourceHandler.forKeyspaces(statement);
      assertThat(keyspaces).startsWith(statement).endsWith(SchemaResourceHandler.KEYSPACES_OPTIONS);
      assertThat(keyspaces.split("(?i)\\bWITH\\b")).hasSize(2);
    });
  }

  @Test
  void aStatementWithoutOptionsGetsAWithClause() {
    assertThat(SchemaResourceHandler.forKeyspaces("CREATE TABLE IF NOT EXISTS t (a int, PRIMARY KEY (a))"))
        .isEqualTo("CREATE TABLE IF NOT EXISTS t (a int, PRIMARY KEY (a)) WITH " + SchemaResourceHandler.KEYSPACES_OPTIONS);
  }

  @Test
  void tableNamesComeFromTheStatements() {
    assertThat(SchemaInstaller.statements().stream().map(SchemaResourceHandler::tableName))
        .contains("pixel_events_by_day_v2", "pixel_history");
  }
}
