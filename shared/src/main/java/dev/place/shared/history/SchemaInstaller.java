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
        java.util.Set<String> have = new java.util.HashSet<>();
        existing.get().getTable(table).get().getColumns().keySet().forEach(c -> have.add(c.asInternal()));
        for (String alter : addMissingColumns(statement, have)) {
          unbound.execute(SimpleStatement.newInstance(alter).setKeyspace(keyspace).setTimeout(Duration.ofSeconds(30)));
        }
        continue;
      }
      unbound.execute(SimpleStatement.newInstance(statement).setKeyspace(keyspace).setTimeout(Duration.ofSeconds(30)));
    }
  }

  /** The columns (name, type) a {@code CREATE TABLE} statement defines, in order. */
  public static java.util.LinkedHashMap<String, String> columns(String statement) {
    java.util.LinkedHashMap<String, String> columns = new java.util.LinkedHashMap<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^\\s*(\\w+) (\\w+),\\s*$").matcher(statement);
    while (m.find()) {
      if (!m.group(1).equals("PRIMARY")) {
        columns.put(m.group(1), m.group(2));
      }
    }
    return columns;
  }

  /**
   * The {@code ALTER TABLE ... ADD} statements that bring a table created by an older version of
   * {@code statement} to it: columns added later (a table once created is skipped by CREATE IF NOT EXISTS).
   */
  public static List<String> addMissingColumns(String statement, java.util.Set<String> existingColumns) {
    List<String> alters = new ArrayList<>();
    columns(statement).forEach((name, type) -> {
      if (!existingColumns.contains(name)) {
        alters.add("ALTER TABLE " + tableName(statement) + " ADD " + name + " " + type);
      }
    });
    return alters;
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
