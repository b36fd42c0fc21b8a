package dev.place.shared.history;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Applies {@code schema/history.cql}, the table definitions shared by the local cloud and AWS. */
public final class SchemaInstaller {

  public static final String TABLES = "/schema/history.cql";

  private SchemaInstaller() {}

  /** The statements of the schema file, without comments. */
  public static List<String> statements() {
    String cql;
    try (InputStream in = SchemaInstaller.class.getResourceAsStream(TABLES)) {
      if (in == null) {
        throw new IllegalStateException("missing " + TABLES);
      }
      cql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    StringBuilder withoutComments = new StringBuilder();
    for (String line : cql.split("\n")) {
      if (!line.strip().startsWith("--")) {
        withoutComments.append(line).append('\n');
      }
    }
    List<String> statements = new ArrayList<>();
    for (String s : withoutComments.toString().split(";")) {
      if (!s.isBlank()) {
        statements.add(s.strip());
      }
    }
    return statements;
  }

  /**
   * Creates the keyspace (single-node replication: for the local cloud only) and the tables that
   * do not exist yet. Skipping existing ones matters: each DDL statement waits for schema agreement,
   * seconds on every restart otherwise.
   */
  public static void installLocal(CqlSession unbound, String keyspace) {
    var existing = unbound.getMetadata().getKeyspace(keyspace);
    if (existing.isEmpty()) {
      unbound.execute(SimpleStatement.newInstance(
          "CREATE KEYSPACE IF NOT EXISTS " + keyspace
              + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
          .setTimeout(Duration.ofSeconds(30)));
    }
    for (String statement : statements()) {
      String table = tableName(statement);
      if (existing.isPresent() && existing.get().getTable(table).isPresent()) {
        continue;
      }
      unbound.execute(SimpleStatement.newInstance(statement).setKeyspace(keyspace).setTimeout(Duration.ofSeconds(30)));
    }
  }

  /** The table a {@code CREATE TABLE IF NOT EXISTS name (...)} statement creates. */
  public static String tableName(String statement) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("CREATE TABLE IF NOT EXISTS (\\w+)").matcher(statement);
    if (!m.find()) {
      throw new IllegalStateException("not a CREATE TABLE IF NOT EXISTS statement: " + statement);
    }
    return m.group(1);
  }
}
