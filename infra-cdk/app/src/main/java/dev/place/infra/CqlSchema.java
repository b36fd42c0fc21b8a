package dev.place.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code CREATE TABLE} statements of {@code history.cql} into table definitions, so the
 * Keyspaces tables are declared from the very file the local cloud applies to Cassandra. It
 * understands the subset that file uses (simple column types, composite partition keys,
 * clustering order) and rejects anything else rather than guessing.
 */
public final class CqlSchema {

  public record Clustering(String column, String order) {}

  public record Table(String name, Map<String, String> columns, List<String> partitionKey, List<Clustering> clustering) {

    public List<String> regularColumns() {
      List<String> regular = new ArrayList<>(columns.keySet());
      regular.removeAll(partitionKey);
      clustering.forEach(c -> regular.remove(c.column()));
      return regular;
    }
  }

  private static final Pattern CREATE = Pattern.compile(
      "(?is)CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\\w+)\\s*\\((.*)");
  private static final Pattern WITH_ORDER = Pattern.compile(
      "(?is)\\s*(?:WITH\\s+CLUSTERING\\s+ORDER\\s+BY\\s*\\((.*)\\))?\\s*");
  private static final Pattern PRIMARY_KEY = Pattern.compile("(?is)PRIMARY\\s+KEY\\s*\\((.*)\\)");

  private CqlSchema() {}

  public static List<Table> parse(String cql) {
    List<Table> tables = new ArrayList<>();
    for (String statement : withoutComments(cql).split(";")) {
      if (statement.isBlank()) {
        continue;
      }
      Matcher m = CREATE.matcher(statement.trim());
      if (!m.matches()) {
        throw new IllegalArgumentException("only CREATE TABLE statements are supported: " + statement.trim());
      }
      String rest = m.group(2);
      int close = matchingParen(rest);
      Matcher with = WITH_ORDER.matcher(rest.substring(close + 1));
      if (!with.matches()) {
        throw new IllegalArgumentException("unsupported table options in " + m.group(1) + ": " + rest.substring(close + 1).trim());
      }
      tables.add(table(m.group(1), rest.substring(0, close), with.group(1)));
    }
    return tables;
  }

  private static Table table(String name, String body, String clusteringOrder) {
    Map<String, String> columns = new LinkedHashMap<>();
    List<String> partition = null;
    List<String> clusteringColumns = List.of();
    for (String part : splitTopLevel(body)) {
      Matcher pk = PRIMARY_KEY.matcher(part);
      if (pk.matches()) {
        List<String> key = splitTopLevel(pk.group(1));
        String first = key.get(0);
        partition = first.startsWith("(") ? splitTopLevel(first.substring(1, first.length() - 1)) : List.of(first);
        clusteringColumns = key.subList(1, key.size());
      } else {
        String[] words = part.split("\\s+");
        if (words.length != 2) {
          throw new IllegalArgumentException("unsupported column definition in " + name + ": " + part);
        }
        columns.put(words[0], words[1].toLowerCase(Locale.ROOT));
      }
    }
    if (partition == null) {
      throw new IllegalArgumentException("table " + name + " has no PRIMARY KEY clause");
    }
    Map<String, String> orders = new LinkedHashMap<>();
    if (clusteringOrder != null) {
      for (String o : splitTopLevel(clusteringOrder)) {
        String[] words = o.split("\\s+");
        orders.put(words[0], words.length > 1 ? words[1].toUpperCase(Locale.ROOT) : "ASC");
      }
    }
    List<Clustering> clustering = clusteringColumns.stream()
        .map(c -> new Clustering(c, orders.getOrDefault(c, "ASC"))).toList();
    for (String key : partition) {
      if (!columns.containsKey(key)) {
        throw new IllegalArgumentException("key column " + key + " of " + name + " is not declared");
      }
    }
    return new Table(name, columns, partition, clustering);
  }

  /** Index of the parenthesis closing the one opened just before {@code text}. */
  private static int matchingParen(String text) {
    int depth = 1;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("unbalanced parentheses: " + text);
  }

  private static String withoutComments(String cql) {
    return cql.replaceAll("--[^\\n]*", "");
  }

  /** Splits on commas outside parentheses, trimming each part. */
  static List<String> splitTopLevel(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    StringBuilder current = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      }
      if (c == ',' && depth == 0) {
        parts.add(current.toString().trim());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    if (!current.toString().isBlank()) {
      parts.add(current.toString().trim());
    }
    return parts;
  }
}
