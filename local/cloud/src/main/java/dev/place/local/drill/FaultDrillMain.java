package dev.place.local.drill;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code local/drill NAME [--data-dir DIR] [--port-base N]}: runs one fault drill on its own local
 * cloud (wiped data under {@code .place/drill}; random ports, or N..N+8 so that engineers sharing a
 * machine each keep to their own range; it never touches {@code local/run}'s data),
 * prints the result and records its row in {@code docs/reliability.md}. Exit 0 when it passed.
 */
public final class FaultDrillMain {

  static final String BEGIN = "<!-- drill results: rows rewritten by local/drill -->";
  static final String END = "<!-- end of drill results -->";

  private FaultDrillMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || !FaultDrill.NAMES.contains(args[0])) {
      System.err.println("usage: local/drill NAME [--data-dir DIR] [--port-base N]\n"
          + "  --port-base N (or PLACE_DRILL_PORT_BASE): the cloud's ports are N..N+" + (FaultDrill.PORTS_USED - 1)
          + " (default: free ports at random)\n  NAME: " + String.join(", ", FaultDrill.NAMES)
          + (args.length == 0 ? "" : "\nunknown drill '" + args[0] + "'"));
      System.exit(2);
      return;
    }
    Path dataDir = Path.of(".place", "drill");
    int portBase = Integer.parseInt(System.getenv().getOrDefault("PLACE_DRILL_PORT_BASE", "0"));
    for (int i = 1; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--data-dir" -> dataDir = Path.of(args[i + 1]);
        case "--port-base" -> portBase = Integer.parseInt(args[i + 1]);
        default -> {
          System.err.println("unknown option " + args[i]);
          System.exit(2);
        }
      }
    }
    FaultDrill.Result result = new FaultDrill(args[0], dataDir, portBase).run();
    System.out.println();
    System.out.println(FaultDrill.Result.HEADER);
    System.out.println(result.row());
    System.out.println("supervisor:");
    result.supervision().forEach(line -> System.out.println("  " + line.lines().findFirst().orElse("")));
    Path doc = Path.of("docs", "reliability.md");
    if (Files.isRegularFile(doc)) {
      Files.writeString(doc, withRow(Files.readString(doc, StandardCharsets.UTF_8), result), StandardCharsets.UTF_8);
      System.out.println("recorded in " + doc);
    }
    System.exit(result.passed() ? 0 : 1);
  }

  /** The document with this drill's row replaced (or added), dated; other rows stay. */
  static String withRow(String doc, FaultDrill.Result result) {
    int b = doc.indexOf(BEGIN);
    int e = doc.indexOf(END);
    if (b < 0 || e < b) {
      return doc;
    }
    List<String> rows = new ArrayList<>();
    for (String line : doc.substring(b + BEGIN.length(), e).strip().split("\n")) {
      if (line.startsWith("| ") && !line.startsWith("| drill ") && !line.startsWith("| " + result.drill() + " ")) {
        rows.add(line);
      }
    }
    rows.add(result.row().replaceFirst("^\\| " + result.drill(), "| " + result.drill() + " (" + LocalDate.now(ZoneOffset.UTC) + ")")
        .replaceFirst("^\\| (\\S+) \\((\\S+)\\)", "| $1 ($2)"));
    rows.sort(null);
    return doc.substring(0, b + BEGIN.length()) + "\n" + FaultDrill.Result.HEADER + "\n" + String.join("\n", rows) + "\n"
        + doc.substring(e);
  }
}
