package dev.place.infra.deploy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.history.CassandraSessions;
import dev.place.shared.history.SchemaInstaller;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CloudFormation custom resource that applies {@code schema/history.cql} (the file the local
 * cloud applies to Cassandra) to Keyspaces through the driver, SigV4 and TLS. Declaring the tables
 * as AWS::Cassandra::Table is not possible: its schema requires column names of two or more
 * characters, and the history tables have {@code x} and {@code y}. Keyspaces creates tables
 * asynchronously, so each statement is followed by a wait for the table to become ACTIVE.
 * Delete does nothing: the tables go with the keyspace.
 */
public final class SchemaResourceHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

  /** Keyspaces-only table options: point-in-time recovery, as the history is kept for ever. */
  static final String KEYSPACES_OPTIONS = "CUSTOM_PROPERTIES = {'point_in_time_recovery': {'status': 'enabled'}}";

  private static final Pattern TABLE = Pattern.compile("(?is)CREATE\\s+TABLE\\s+IF\\s+NOT\\s+EXISTS\\s+(\\w+)");
  private static final Duration ACTIVE_WITHIN = Duration.ofMinutes(10);

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    PlaceConfig config = PlaceConfig.fromEnvironment();
    if (!"Delete".equals(String.valueOf(event.get("RequestType")))) {
      try (CqlSession session = CassandraSessions.open(config)) {
        for (String statement : SchemaInstaller.statements()) {
          session.execute(SimpleStatement.newInstance(forKeyspaces(statement)).setTimeout(Duration.ofSeconds(60)));
          awaitActive(session, config.cassandraKeyspace(), tableName(statement));
          // A table created by an older stack keeps its columns under CREATE IF NOT EXISTS: add the new ones.
          for (String alter : SchemaInstaller.addMissingColumns(statement, columnsOf(session, config.cassandraKeyspace(), tableName(statement)))) {
            session.execute(SimpleStatement.newInstance(alter).setTimeout(Duration.ofSeconds(60)));
            awaitActive(session, config.cassandraKeyspace(), tableName(statement));
          }
        }
      }
    }
    return Map.of("PhysicalResourceId", "schema/" + config.cassandraKeyspace());
  }

  /** The shared statement with the Keyspaces options appended to its WITH clause (or a new one). */
  static String forKeyspaces(String statement) {
    return statement.matches("(?is).*\\)\\s*WITH\\s+.*")
        ? statement + " AND " + KEYSPACES_OPTIONS
        : statement + " WITH " + KEYSPACES_OPTIONS;
  }

  static String tableName(String statement) {
    Matcher m = TABLE.matcher(statement);
    if (!m.find()) {
      throw new IllegalArgumentException("not a CREATE TABLE IF NOT EXISTS statement: " + statement);
    }
    return m.group(1);
  }

  private static java.util.Set<String> columnsOf(CqlSession session, String keyspace, String table) {
    java.util.Set<String> columns = new java.util.HashSet<>();
    for (Row row : session.execute(SimpleStatement.newInstance(
        "SELECT column_name FROM system_schema_mcs.columns WHERE keyspace_name = ? AND table_name = ?", keyspace, table))) {
      columns.add(row.getString("column_name"));
    }
    return columns;
  }

  private static void awaitActive(CqlSession session, String keyspace, String table) {
    long deadline = System.nanoTime() + ACTIVE_WITHIN.toNanos();
    while (System.nanoTime() < deadline) {
      Row row = session.execute(SimpleStatement.newInstance(
          "SELECT status FROM system_schema_mcs.tables WHERE keyspace_name = ? AND table_name = ?", keyspace, table)).one();
      if (row != null && "ACTIVE".equals(row.getString("status"))) {
        return;
      }
      try {
        Thread.sleep(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException("table " + keyspace + "." + table + " not ACTIVE within " + ACTIVE_WITHIN);
  }
}
