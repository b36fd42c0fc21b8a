package dev.place.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceCliTest {

  @Test
  void optionsPairNamesWithValuesAndKeepPositionalWords() {
    assertThat(PlaceCli.options(List.of("pixel", "10", "20", "--limit", "5", "--all", "-o", "f.png")))
        .containsExactlyEntriesOf(new java.util.LinkedHashMap<>(Map.of()) {
          {
            put("_0", "pixel");
            put("_1", "10");
            put("_2", "20");
            put("limit", "5");
            put("all", "true");
            put("o", "f.png");
          }
        });
  }

  @Test
  void theProgressBarFillsWithPercent() {
    assertThat(PlaceCli.ProgressBar.render(0)).isEqualTo("[" + ".".repeat(30) + "]   0%");
    assertThat(PlaceCli.ProgressBar.render(50)).isEqualTo("[" + "#".repeat(15) + ".".repeat(15) + "]  50%");
    assertThat(PlaceCli.ProgressBar.render(100)).isEqualTo("[" + "#".repeat(30) + "] 100%");
  }

  @Test
  void usageErrorsExitWith2AndSayWhy() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream e = new PrintStream(err, true);
    assertThat(PlaceCli.run(new String[] {"timelapse", "--to", "5"}, new PrintStream(new ByteArrayOutputStream()), e)).isEqualTo(2);
    assertThat(err.toString()).contains("timelapse needs --from");
    assertThat(PlaceCli.run(new String[] {"history", "pixel"}, new PrintStream(new ByteArrayOutputStream()), e)).isEqualTo(2);
    assertThat(PlaceCli.run(new String[] {"frobnicate"}, new PrintStream(new ByteArrayOutputStream()), e)).isEqualTo(2);
  }

  @Test
  void anUnreachableApiIsAnErrorNotACrash() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    // Port 9 on loopback: nothing listens, the connection is refused at once.
    int code = PlaceCli.run(new String[] {"--api", "http://127.0.0.1:9", "history", "pixel", "1", "2"},
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("cannot reach");
  }

  @Test
  void timelapsePassesTheModerationOptionToTheApiAndReportsItsRefusal() throws Exception {
    java.util.List<String> queries = new java.util.concurrent.CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer server = stubApi();
    server.createContext("/api/v1/timelapse", exchange -> {
      queries.add(exchange.getRequestURI().getRawQuery());
      byte[] body = "{\"code\":\"BAD_REQUEST\",\"message\":\"moderation must be include or exclude\"}".getBytes();
      exchange.sendResponseHeaders(400, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code = PlaceCli.run(new String[] {"--api", "http://127.0.0.1:" + server.getAddress().getPort(), "timelapse",
          "--from", "0", "--to", "1000", "--moderation", "exclude"}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
      assertThat(code).isEqualTo(1);
      assertThat(queries).singleElement().asString().contains("moderation=exclude").contains("from=0");
      assertThat(err.toString()).contains("HTTP 400").contains("moderation must be include or exclude");
    } finally {
      server.stop(0);
    }
  }

  /** A loopback HTTP server on a port below 32768 (the project's rule), retried if the port is taken. */
  private static com.sun.net.httpserver.HttpServer stubApi() throws java.io.IOException {
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; ; attempt++) {
      try {
        return com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 20_000 + random.nextInt(12_000)), 0);
      } catch (java.net.BindException taken) {
        if (attempt == 20) {
          throw taken;
        }
      }
    }
  }

  @Test
  void theHistoryCommandsRejectABadStartBeforeContactingAnything() {
    // Nothing listens on port 9: had they connected, the error would be a connection failure, exit 1.
    assertThat(usageError("rebuild-history", "--from", "yesterday", "--kafka", "127.0.0.1:9"))
        .contains("--from must be ISO-8601");
    assertThat(usageError("rebuild-history", "--from-offset", "-1", "--kafka", "127.0.0.1:9"))
        .contains("--from-offset must be 0 or more, got -1");
    assertThat(usageError("check-history", "--from-offset", "ten", "--kafka", "127.0.0.1:9"))
        .contains("--from-offset must be a whole number");
    assertThat(usageError("rebuild-history", "--from", "2026-11-28T08:00:00Z", "--from-offset", "3"))
        .contains("not both");
    assertThat(usageError("check-history", "--since", "1")).contains("unknown option --since");
  }

  @Test
  void aHistoryStartIsATimeAnOffsetOrTheBeginning() {
    assertThat(PlaceCli.start(Map.of("from", "2026-11-28T08:00:00Z")).from())
        .isEqualTo(java.time.Instant.parse("2026-11-28T08:00:00Z"));
    assertThat(PlaceCli.start(Map.of("from", "1000")).from()).isEqualTo(java.time.Instant.ofEpochMilli(1000));
    assertThat(PlaceCli.start(Map.of("from-offset", "42")).fromOffset()).isEqualTo(42L);
    assertThat(PlaceCli.start(Map.of())).isEqualTo(dev.place.shared.history.EventLogReplay.Start.BEGINNING);
  }

  private static String usageError(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = PlaceCli.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true));
    assertThat(code).as(err.toString()).isEqualTo(2);
    return err.toString();
  }
}
