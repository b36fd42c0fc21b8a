package dev.place.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The project's command line. Talks only to the public HTTP API ({@code mod}: {@link ModCommands}), so the same commands work against
 * the local cloud (default {@code http://127.0.0.1:3000}) and AWS ({@code --api} or
 * {@code PLACE_API_URL} set to the API's URL, e.g. {@code https://<id>.execute-api.<region>.amazonaws.com}).
 */
public final class PlaceCli {

  static final String USAGE = """
      usage: cli/place [--api URL] COMMAND ...
        history pixel X Y [--limit N] [--all]      every placement on a pixel, newest first
        history user USER_ID [--limit N] [--all]   every placement of a user, newest first
        canvas-at [--at TIME] [--x X --y Y --w W --h H] [-o FILE.png]
                                                   the canvas (or a rectangle) as of TIME (default now)
        timelapse --from TIME [--to TIME] [--x X --y Y --w W --h H] [--fps N]
                  [--frames N | --seconds S | --speed REAL_SECONDS_PER_VIDEO_SECOND]
                  [--format mp4|gif] [--moderation include|exclude] [-o FILE]
                                                   render (or reuse) a timelapse, with a progress bar;
                                                   exclude: without moderation's restores
        rebuild-history [--from TIME | --from-offset N] [ENGINES]
                                                   replay the Kafka log into the history tables (idempotent)
        check-history [--from TIME | --from-offset N] [ENGINES]
                                                   events per day and tile that Kafka has and Cassandra lacks
      """ + ModCommands.USAGE + """
      TIME: ISO-8601 (2026-11-28T08:00:00Z) or epoch milliseconds.
      The API URL comes from --api, else PLACE_API_URL, else http://127.0.0.1:3000 (local/run).
      ENGINES (the two history commands talk to Kafka and Cassandra directly, not to the API):
        --kafka HOST:PORT (else PLACE_KAFKA_BOOTSTRAP, else 127.0.0.1:19092, local/run's broker)
        --cassandra HOST:PORT (else PLACE_CASSANDRA_CONTACT_POINTS, else 127.0.0.1:19042)
        --keyspace NAME (else PLACE_CASSANDRA_KEYSPACE, else place); other PLACE_* variables apply as
        to the handlers (e.g. PLACE_KAFKA_AUTH=iam, PLACE_CASSANDRA_AUTH=sigv4 for AWS)
      """;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final URI api;
  private final PrintStream out;
  private final PrintStream err;

  PlaceCli(URI api, PrintStream out, PrintStream err) {
    this.api = api;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] argv, PrintStream out, PrintStream err) {
    List<String> args = new ArrayList<>(List.of(argv));
    String api = System.getenv().getOrDefault("PLACE_API_URL", "http://127.0.0.1:3000");
    if (args.size() >= 2 && args.get(0).equals("--api")) {
      api = args.get(1);
      args = args.subList(2, args.size());
    }
    if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("-h")) {
      out.print(USAGE);
      return args.isEmpty() ? 2 : 0;
    }
    PlaceCli cli = new PlaceCli(URI.create(api.endsWith("/") ? api.substring(0, api.length() - 1) : api), out, err);
    try {
      return switch (args.get(0)) {
        case "history" -> cli.history(args.subList(1, args.size()));
        case "canvas-at" -> cli.canvasAt(options(args.subList(1, args.size())));
        case "timelapse" -> cli.timelapse(options(args.subList(1, args.size())));
        case "rebuild-history" -> cli.rebuildHistory(options(args.subList(1, args.size())));
        case "check-history" -> cli.checkHistory(options(args.subList(1, args.size())));
        case "mod" -> new ModCommands(cli.api, out, err, System::getenv).run(args.subList(1, args.size()));
        default -> {
          err.println("unknown command: " + args.get(0));
          err.print(USAGE);
          yield 2;
        }
      };
    } catch (UsageException e) {
      err.println(e.getMessage());
      err.print(USAGE);
      return 2;
    } catch (ApiException e) {
      err.println(e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("cannot reach " + api + ": " + e);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
    } catch (RuntimeException e) {
      // The history commands talk to Kafka and Cassandra: an unreachable engine is a message, not a trace.
      err.println(args.get(0) + " failed: " + e);
      return 1;
    }
  }

  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }

  static final class ApiException extends RuntimeException {
    ApiException(String message) {
      super(message);
    }
  }

  /** {@code --name value} pairs (and {@code -o file}), the flags {@code --all} and {@code --wait} as "true"; positional words under "_0", "_1", ... */
  static Map<String, String> options(List<String> args) {
    Map<String, String> options = new LinkedHashMap<>();
    int positional = 0;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--all") || a.equals("--wait")) {
        options.put(a.substring(2), "true");
      } else if (a.startsWith("--") || a.equals("-o")) {
        if (i + 1 >= args.size()) {
          throw new UsageException("missing value for " + a);
        }
        options.put(a.equals("-o") ? "o" : a.substring(2), args.get(++i));
      } else {
        options.put("_" + positional++, a);
      }
    }
    return options;
  }

  private int history(List<String> args) throws IOException, InterruptedException {
    Map<String, String> o = options(args);
    String kind = o.get("_0");
    String path;
    boolean withPosition;
    if ("pixel".equals(kind) && o.containsKey("_1") && o.containsKey("_2")) {
      path = "/api/v1/pixel?x=" + enc(o.get("_1")) + "&y=" + enc(o.get("_2"));
      withPosition = false;
    } else if ("user".equals(kind) && o.containsKey("_1")) {
      path = "/api/v1/user/" + enc(o.get("_1")) + "/placements?";
      withPosition = true;
    } else {
      throw new UsageException("history pixel X Y | history user USER_ID");
    }
    String limit = o.getOrDefault("limit", "50");
    String cursor = o.get("cursor");
    out.println(withPosition ? "seq\tx\ty\tcolor\tplacedAt" : "seq\tcolor\tuserId\tplacedAt");
    int total = 0;
    do {
      JsonNode page = getJson(path + "&limit=" + enc(limit) + (cursor == null ? "" : "&cursor=" + enc(cursor)));
      for (JsonNode p : page.get("placements")) {
        out.println(withPosition
            ? p.get("seq").asLong() + "\t" + p.get("x").asInt() + "\t" + p.get("y").asInt() + "\t" + p.get("color").asInt() + "\t" + p.get("placedAt").asText()
            : p.get("seq").asLong() + "\t" + p.get("color").asInt() + "\t" + p.get("userId").asText() + "\t" + p.get("placedAt").asText());
        total++;
      }
      cursor = page.get("next").isNull() ? null : page.get("next").asText();
    } while (cursor != null && o.containsKey("all"));
    err.println(total + " placement(s)" + (cursor == null ? "" : "; more with --cursor " + cursor + " (or --all)"));
    return 0;
  }

  private int canvasAt(Map<String, String> o) throws IOException, InterruptedException {
    StringBuilder q = new StringBuilder("/api/v1/history/canvas.png?");
    for (String k : List.of("at", "x", "y", "w", "h")) {
      if (o.containsKey(k)) {
        q.append(k).append('=').append(enc(o.get(k))).append('&');
      }
    }
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(api.resolve(q.toString())).timeout(Duration.ofSeconds(60)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new ApiException("canvas-at failed: HTTP " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
    }
    Path file = Path.of(o.getOrDefault("o", "canvas-" + o.getOrDefault("at", "now").replace(':', '-') + ".png"));
    Files.write(file, r.body());
    out.println(file.toAbsolutePath());
    return 0;
  }

  private int timelapse(Map<String, String> o) throws IOException, InterruptedException {
    if (!o.containsKey("from")) {
      throw new UsageException("timelapse needs --from");
    }
    StringBuilder q = new StringBuilder("/api/v1/timelapse?");
    for (String k : List.of("from", "to", "x", "y", "w", "h", "fps", "frames", "seconds", "speed", "format", "moderation")) {
      if (o.containsKey(k)) {
        q.append(k).append('=').append(enc(o.get(k))).append('&');
      }
    }
    HttpResponse<String> submitted = http.send(HttpRequest.newBuilder(api.resolve(q.toString()))
        .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    if (submitted.statusCode() != 200 && submitted.statusCode() != 202) {
      throw new ApiException("timelapse failed: HTTP " + submitted.statusCode() + " " + submitted.body());
    }
    JsonNode status = JSON.readTree(submitted.body());
    String id = status.get("id").asText();
    if (submitted.statusCode() == 200) {
      err.println("same request rendered before: reusing " + id);
    }
    ProgressBar bar = new ProgressBar(err);
    long wait = 250;
    while (!status.get("state").asText().equals("DONE")) {
      if (status.get("state").asText().equals("FAILED")) {
        bar.finish();
        throw new ApiException("timelapse " + id + " failed: " + status.get("error").asText());
      }
      bar.show(status.get("percent").asInt(), status.get("state").asText());
      Thread.sleep(wait);
      // Poll fast while the bar moves; back off to 2 s while it does not (an ECS task starting,
      // a long history read): every poll is a Lambda invocation and an S3 read in AWS.
      int before = status.get("percent").asInt();
      status = getJson("/api/v1/timelapse/" + id);
      wait = status.get("percent").asInt() != before ? 250 : Math.min(2_000, wait * 2);
    }
    bar.show(100, "DONE");
    bar.finish();
    String url = status.get("url").asText();
    HttpResponse<byte[]> video = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    if (video.statusCode() != 200) {
      throw new ApiException("download of " + url + " failed: HTTP " + video.statusCode());
    }
    Path file = Path.of(o.getOrDefault("o", "timelapse-" + id + url.substring(url.lastIndexOf('.'))));
    Files.write(file, video.body());
    out.println(url);
    out.println(file.toAbsolutePath());
    return 0;
  }

  /** Parsed before anything is contacted, so bad input changes nothing. */
  static dev.place.shared.history.EventLogReplay.Start start(Map<String, String> o) {
    for (String k : o.keySet()) {
      if (!List.of("from", "from-offset", "kafka", "cassandra", "keyspace").contains(k)) {
        throw new UsageException("unknown option " + (k.startsWith("_") ? o.get(k) : "--" + k));
      }
    }
    try {
      if (o.containsKey("from") && o.containsKey("from-offset")) {
        return new dev.place.shared.history.EventLogReplay.Start(time(o.get("from")), 0L);
      }
      if (o.containsKey("from")) {
        return dev.place.shared.history.EventLogReplay.Start.at(time(o.get("from")));
      }
      if (o.containsKey("from-offset")) {
        long offset;
        try {
          offset = Long.parseLong(o.get("from-offset"));
        } catch (NumberFormatException e) {
          throw new UsageException("--from-offset must be a whole number, got '" + o.get("from-offset") + "'");
        }
        return dev.place.shared.history.EventLogReplay.Start.atOffset(offset);
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    return dev.place.shared.history.EventLogReplay.Start.BEGINNING;
  }

  private static java.time.Instant time(String value) {
    try {
      return value.matches("[0-9]+") ? java.time.Instant.ofEpochMilli(Long.parseLong(value)) : java.time.Instant.parse(value);
    } catch (java.time.format.DateTimeParseException | NumberFormatException e) {
      throw new UsageException("--from must be ISO-8601 such as 2026-11-28T08:00:00Z or epoch milliseconds, got '" + value + "'");
    }
  }

  static dev.place.shared.config.PlaceConfig engines(Map<String, String> o) {
    Map<String, String> env = new java.util.HashMap<>(System.getenv());
    env.putIfAbsent("PLACE_KAFKA_BOOTSTRAP", "127.0.0.1:19092");
    env.putIfAbsent("PLACE_CASSANDRA_CONTACT_POINTS", "127.0.0.1:19042");
    if (o.containsKey("kafka")) {
      env.put("PLACE_KAFKA_BOOTSTRAP", o.get("kafka"));
    }
    if (o.containsKey("cassandra")) {
      env.put("PLACE_CASSANDRA_CONTACT_POINTS", o.get("cassandra"));
    }
    if (o.containsKey("keyspace")) {
      env.put("PLACE_CASSANDRA_KEYSPACE", o.get("keyspace"));
    }
    try {
      return dev.place.shared.config.PlaceConfig.from(env::get);
    } catch (RuntimeException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private int rebuildHistory(Map<String, String> o) {
    var from = start(o);
    var config = engines(o);
    try (var session = openHistory(config)) {
      var store = new dev.place.shared.history.HistoryStore(session);
      var checkpoints = new dev.place.shared.history.TileHistory(session, config.tileSize());
      ProgressBar bar = new ProgressBar(err);
      long[] written = {0};
      long skipped = dev.place.shared.history.EventLogReplay.read(config, from, events -> {
        // The writer's own two steps: rows first (idempotent by (tile, seq)), then checkpoints.
        store.record(events);
        checkpoints.checkpointAfter(events);
        written[0] += events.size();
      }, p -> bar.show(p.percent(), p.read() + "/" + p.total() + " events"));
      bar.finish();
      out.println("rebuilt " + written[0] + " event(s) into " + config.cassandraKeyspace()
          + (skipped > 0 ? "; skipped " + skipped + " malformed record(s)" : ""));
      return 0;
    }
  }

  private int checkHistory(Map<String, String> o) {
    var from = start(o);
    var config = engines(o);
    var check = new dev.place.shared.history.HistoryCheck();
    ProgressBar bar = new ProgressBar(err);
    dev.place.shared.history.EventLogReplay.read(config, from, check::addFromKafka,
        p -> bar.show(p.percent(), p.read() + "/" + p.total() + " events read"));
    bar.finish();
    try (var session = openHistory(config)) {
      var report = check.compare(session);
      long inKafka = report.stream().mapToLong(dev.place.shared.history.HistoryCheck.DayTile::inKafka).sum();
      long missing = report.stream().mapToLong(dev.place.shared.history.HistoryCheck.DayTile::missing).sum();
      out.println("day\ttile\tkafka\tcassandra\tmissing\tfirst missing seqs");
      for (var row : report) {
        if (row.missing() > 0) {
          out.println(row.day() + "\t" + row.tile() + "\t" + row.inKafka() + "\t" + row.inCassandra() + "\t"
              + row.missing() + "\t" + row.missingSeqs().subList(0, Math.min(10, row.missing())));
        }
      }
      out.println(report.size() + " day-tile(s), " + inKafka + " event(s) in Kafka, " + missing + " missing from "
          + config.cassandraKeyspace() + ".pixel_events_by_day_v2" + (missing > 0 ? ": run cli/place rebuild-history" : ""));
      return missing > 0 ? 1 : 0;
    }
  }

  private static com.datastax.oss.driver.api.core.CqlSession openHistory(dev.place.shared.config.PlaceConfig config) {
    var session = dev.place.shared.history.CassandraSessions.openUnbound(config);
    if (session.getMetadata().getKeyspace(config.cassandraKeyspace()).isEmpty()) {
      session.close();
      throw new ApiException("keyspace " + config.cassandraKeyspace() + " does not exist at "
          + config.cassandraContactPoints() + ": start the local cloud (it creates the schema) or deploy the stack first");
    }
    session.close();
    return dev.place.shared.history.CassandraSessions.open(config);
  }

  /** A one-line bar on stderr, redrawn in place. */
  static final class ProgressBar {
    private final PrintStream err;
    private int last = -1;
    private String lastState;
    private int widest;

    ProgressBar(PrintStream err) {
      this.err = err;
    }

    void show(int percent, String state) {
      if (percent == last && state.equals(lastState)) {
        return;
      }
      last = percent;
      lastState = state;
      String line = render(percent) + " " + state;
      // Padded to the longest line drawn so far: a shorter state must not leave the tail of a longer one.
      widest = Math.max(widest, line.length());
      err.print("\r" + line + " ".repeat(widest - line.length() + 3));
      err.flush();
    }

    static String render(int percent) {
      int p = Math.max(0, Math.min(100, percent));
      int filled = p * 30 / 100;
      return "[" + "#".repeat(filled) + ".".repeat(30 - filled) + "] " + String.format("%3d%%", p);
    }

    void finish() {
      err.println();
    }
  }

  private JsonNode getJson(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new ApiException("HTTP " + r.statusCode() + " from " + path + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
