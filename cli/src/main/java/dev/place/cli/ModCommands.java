package dev.place.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.place.shared.auth.Role;
import dev.place.shared.auth.TokenService;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.config.SecretValues;
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
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code cli/place mod ...}: the moderator routes (docs/moderation.md) from the command line, with a
 * moderator's session token ({@code --token} or {@code PLACE_MOD_TOKEN}), and {@code mod token}, which
 * mints one with the token secret of this machine's configuration ({@code PLACE_TOKEN_SECRET}, else the
 * local cloud's fixed one): that works only where the secret is readable, i.e. against the local cloud.
 * In AWS a moderator signs in like anyone and gets the role from the identity provider's groups
 * (docs/deploy.md, Roles).
 */
final class ModCommands {

  static final String USAGE = """
        mod token --user NAME [--role moderator|admin]
                                                   mint a moderator's session token (local cloud: its secret)
        mod ban USER_ID --reason TEXT [--for 30m|12h|7d | --until TIME]
                                                   ban (without --for/--until: until lifted, admins only)
        mod unban USER_ID [--reason TEXT]          lift the ban (no pixel comes back)
        mod bans USER_ID                           the user's ban in force
        mod protect X Y W H --reason TEXT          refuse placements in the rectangle
        mod unprotect AREA_ID [--reason TEXT]      lift the protection
        mod areas                                  every protected area
        mod audit [--limit N]                      the audit log, newest first
        mod preview rollback X Y W H --to WHEN [--out DIR]
        mod preview revert USER_ID [--since WHEN] [--out DIR]
                                                   pixels it would change; before.png, after.png into DIR (default .)
        mod rollback X Y W H --to WHEN --reason TEXT [--wait]
                                                   the rectangle back to its colours at WHEN
        mod revert USER_ID [--since WHEN] --reason TEXT [--wait]
                                                   undo the user's placements (since WHEN, else all)
        mod undo ACTION_ID --reason TEXT [--wait]  undo a rollback, revert or undo exactly
        mod action ACTION_ID                       where a rollback, revert or undo stands
        mod actions [--limit N]                    the rollbacks, reverts and undos, newest first
      The mod commands other than token need a moderator's or admin's token: --token TOKEN, else PLACE_MOD_TOKEN.
      WHEN: a TIME, or how long ago: 30s, 10m, 2h, 1d. --wait follows the action until it is done (exit 1 if it failed).
      """;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})([smhd])");

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final URI api;
  private final PrintStream out;
  private final PrintStream err;
  private final Function<String, String> env;

  ModCommands(URI api, PrintStream out, PrintStream err, Function<String, String> env) {
    this.api = api;
    this.out = out;
    this.err = err;
    this.env = env;
  }

  int run(List<String> args) throws IOException, InterruptedException {
    if (args.isEmpty()) {
      throw new PlaceCli.UsageException("mod needs a command: token, ban, unban, bans, protect, unprotect, areas, audit, preview, "
          + "rollback, revert, undo, action or actions");
    }
    Map<String, String> o = PlaceCli.options(args.subList(1, args.size()));
    return switch (args.get(0)) {
      case "token" -> token(o);
      case "ban" -> ban(o);
      case "unban" -> unban(o);
      case "bans" -> bans(o);
      case "protect" -> protect(o);
      case "unprotect" -> unprotect(o);
      case "areas" -> areas(o);
      case "audit" -> audit(o);
      case "preview" -> preview(o);
      case "rollback" -> rollback(o);
      case "revert" -> revert(o);
      case "undo" -> undo(o);
      case "action" -> action(o);
      case "actions" -> actions(o);
      default -> throw new PlaceCli.UsageException("unknown mod command: " + args.get(0));
    };
  }

  // --- mod token ---

  private int token(Map<String, String> o) {
    only(o, "user", "role");
    String user = o.get("user");
    if (user == null) {
      throw new PlaceCli.UsageException("mod token needs --user NAME (the moderator's user id in the audit log)");
    }
    Role role = Role.parse(o.getOrDefault("role", "moderator"));
    if (role != Role.MODERATOR && role != Role.ADMIN) {
      throw new PlaceCli.UsageException("--role is moderator or admin, got '" + o.get("role") + "'");
    }
    PlaceConfig config;
    try {
      config = PlaceConfig.from(env::apply);
    } catch (RuntimeException e) {
      throw new PlaceCli.UsageException(e.getMessage());
    }
    TokenService.Session session;
    try {
      session = new TokenService(SecretValues.tokenSecret(config), config.tokenTtl()).issue(user, role, Instant.now());
    } catch (IllegalArgumentException e) {
      throw new PlaceCli.UsageException("--user: " + e.getMessage());
    }
    out.println(session.token());
    err.println(role.wireName() + " token of " + user + ", valid until " + session.expiresAt()
        + " where PLACE_TOKEN_SECRET is this machine's (the local cloud: the default)");
    return 0;
  }

  // --- bans ---

  private int ban(Map<String, String> o) throws IOException, InterruptedException {
    only(o, "_0", "reason", "for", "until", "token");
    String user = required(o, "_0", "mod ban USER_ID --reason TEXT");
    ObjectNode body = JSON.createObjectNode().put("userId", user).put("reason", required(o, "reason", "mod ban needs --reason TEXT"));
    Long until = until(o);
    if (until != null) {
      body.put("expiresAt", until);
    }
    JsonNode answer = send("POST", "/api/v1/mod/bans", body, o);
    JsonNode ban = answer.get("ban");
    out.println("banned " + ban.get("userId").asText() + " " + (ban.get("expiresAt").isNull() ? "until lifted" : "until " + ban.get("expiresAt").asText())
        + "; " + answer.get("connectionsClosed").asInt() + " API Gateway connection(s) closed, edge sockets told to close"
        + (answer.get("replaced").isNull() ? "" : "; replaced the ban of " + answer.get("replaced").get("moderator").asText()));
    return 0;
  }

  /** {@code --for 30m} (s, m, h, d) from now, or {@code --until TIME}; null for neither (until lifted). */
  static Long until(Map<String, String> o) {
    if (o.containsKey("for") && o.containsKey("until")) {
      throw new PlaceCli.UsageException("give --for or --until, not both");
    }
    if (o.containsKey("for")) {
      Duration d = duration(o.get("for"));
      if (d == null) {
        throw new PlaceCli.UsageException("--for is a number and a unit (s, m, h, d), e.g. 30m or 7d; got '" + o.get("for") + "'");
      }
      return Instant.now().plus(d).toEpochMilli();
    }
    if (o.containsKey("until")) {
      String value = o.get("until");
      try {
        return value.matches("[0-9]+") ? Long.parseLong(value) : Instant.parse(value).toEpochMilli();
      } catch (DateTimeParseException | NumberFormatException e) {
        throw new PlaceCli.UsageException("--until must be ISO-8601 (2026-12-01T12:00:00Z) or epoch milliseconds, got '" + value + "'");
      }
    }
    return null;
  }

  /** {@code 30s}, {@code 10m}, {@code 2h}, {@code 7d}; null when {@code text} is not one. */
  private static Duration duration(String text) {
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /**
   * A moment in the past for {@code --to}/{@code --since}: ISO-8601, epoch milliseconds, or how long ago
   * ({@code 10m} is ten minutes before {@code now}, the units of {@code ban --for}). Whether it is too far
   * back or in the future the server says (its clock is the one that counts).
   */
  static long when(String option, String value, Instant now) {
    Duration ago = duration(value);
    if (ago != null) {
      return now.minus(ago).toEpochMilli();
    }
    try {
      return value.matches("[0-9]+") ? Long.parseLong(value) : Instant.parse(value).toEpochMilli();
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new PlaceCli.UsageException("--" + option + " is ISO-8601 (2026-12-01T12:00:00Z), epoch milliseconds or how long ago "
          + "(30s, 10m, 2h, 1d), got '" + value + "'");
    }
  }

  private int unban(Map<String, String> o) throws IOException, InterruptedException {
    only(o, "_0", "reason", "token");
    String user = required(o, "_0", "mod unban USER_ID");
    ObjectNode body = JSON.createObjectNode();
    if (o.containsKey("reason")) {
      body.put("reason", o.get("reason"));
    }
    JsonNode lifted = send("DELETE", "/api/v1/mod/bans/" + enc(user), body, o).get("lifted");
    out.println("unbanned " + lifted.get("userId").asText() + " (banned by " + lifted.get("moderator").asText() + ": "
        + lifted.get("reason").asText() + "); their pixels are unchanged, and they sign in again");
    return 0;
  }

  private int bans(Map<String, String> o) throws IOException, InterruptedException {
    only(o, "_0", "token");
    String user = required(o, "_0", "mod bans USER_ID");
    JsonNode ban = send("GET", "/api/v1/mod/bans/" + enc(user), null, o).get("ban");
    out.println("userId\treason\tsince\texpiresAt\tmoderator");
    out.println(ban.get("userId").asText() + "\t" + ban.get("reason").asText() + "\t" + ban.get("since").asText() + "\t"
        + (ban.get("expiresAt").isNull() ? "until lifted" : ban.get("expiresAt").asText()) + "\t" + ban.get("moderator").asText());
    return 0;
  }

  // --- protected areas ---

  private int protect(Map<String, String> o) throws IOException, InterruptedException {
    only(o, "_0", "_1", "_2", "_3", "reason", "token");
    ObjectNode body = rectangle(o, 0, "mod protect X Y W H --reason TEXT");
    body.put("reason", required(o, "reason", "mod protect needs --reason TEXT"));
    JsonNode area = send("POST", "/api/v1/mod/protected-areas", body, o).get("area");
    out.println(area.get("id").asText());
    err.println("protected " + area.get("w").asInt() + "x" + area.get("h").asInt() + " at (" + area.get("x").asInt() + ", "
        + area.get("y").asInt() + "); placements there are refused within a second everywhere");
    return 0;
  }

  private int unprotect(Map<String, String> o) throws IOException, InterruptedException {
    only(o, "_0", "reason", "token");
    String id = required(o, "_0", "mod unprotect AREA_ID");
    ObjectNode body = JSON.createObjectNode();
    if (o.containsKey("reason")) {
      body.put("reason", o.get("reason"));
    }
    JsonNode area = send("DELETE", "/api/v1/mod/protected-areas/" + enc(id), body, o).get("unprotected");
    out.println("unprotected " + area.get("id").asText() + " (" + area.get("reason").asText() + ")");
    return 0;
  }

  private int areas(Map<String, String> o) throws IOException, InterruptedException {
    only(o, "token");
    JsonNode areas = send("GET", "/api/v1/mod/protected-areas", null, o).get("areas");
    out.println("id\tx\ty\tw\th\treason\tmoderator\tsince");
    for (JsonNode a : areas) {
      out.println(a.get("id").asText() + "\t" + a.get("x").asInt() + "\t" + a.get("y").asInt() + "\t" + a.get("w").asInt() + "\t"
          + a.get("h").asInt() + "\t" + a.get("reason").asText() + "\t" + a.get("moderator").asText() + "\t" + a.get("since").asText());
    }
    err.println(areas.size() + " protected area(s)");
    return 0;
  }

  /** X Y W H from the positional words from {@code _first} on, as a body's x, y, w, h. */
  private static ObjectNode rectangle(Map<String, String> o, int first, String usage) {
    ObjectNode body = JSON.createObjectNode();
    String[] names = {"x", "y", "w", "h"};
    for (int i = 0; i < 4; i++) {
      String value = required(o, "_" + (first + i), usage);
      try {
        body.put(names[i], Integer.parseInt(value));
      } catch (NumberFormatException e) {
        throw new PlaceCli.UsageException(names[i].toUpperCase() + " must be a whole number, got '" + value + "'");
      }
    }
    return body;
  }

  // --- audit ---

  private int audit(Map<String, String> o) throws IOException, InterruptedException {
    only(o, "limit", "token");
    String path = "/api/v1/mod/audit" + (o.containsKey("limit") ? "?limit=" + enc(o.get("limit")) : "");
    JsonNode entries = send("GET", path, null, o).get("entries");
    out.println("at\tmoderator\trole\taction\ttarget\treason\tparameters\tchanges");
    for (JsonNode e : entries) {
      out.println(e.get("at").asText() + "\t" + e.get("moderator").asText() + "\t" + e.get("role").asText() + "\t"
          + e.get("action").asText() + "\t" + e.get("target").asText() + "\t" + e.get("reason").asText() + "\t"
          + e.get("parameters") + "\t" + e.get("changes"));
    }
    err.println(entries.size() + " entr" + (entries.size() == 1 ? "y" : "ies"));
    return 0;
  }

  // --- rollbacks, reverts, undo (the canvas-changing actions) ---

  private static final String PREVIEW_USAGE =
      "mod preview rollback X Y W H --to WHEN [--out DIR] | mod preview revert USER_ID [--since WHEN] [--out DIR]";
  private static final String ROLLBACK_USAGE = "mod rollback X Y W H --to WHEN --reason TEXT [--wait]";
  private static final String REVERT_USAGE = "mod revert USER_ID [--since WHEN] --reason TEXT [--wait]";
  private static final String UNDO_USAGE = "mod undo ACTION_ID --reason TEXT [--wait]";
  /** A preview may wait for history and render two images: the route's own limit is 29 s. */
  private static final Duration PREVIEW_TIMEOUT = Duration.ofSeconds(60);

  private int preview(Map<String, String> o) throws IOException, InterruptedException {
    String kind = required(o, "_0", PREVIEW_USAGE);
    ObjectNode body = JSON.createObjectNode().put("action", kind);
    switch (kind) {
      case "rollback" -> {
        only(o, "_0", "_1", "_2", "_3", "_4", "to", "out", "token");
        body.setAll(rectangle(o, 1, PREVIEW_USAGE));
        body.put("to", when("to", required(o, "to", "mod preview rollback needs --to WHEN (the moment to roll back to)"), Instant.now()));
      }
      case "revert" -> {
        only(o, "_0", "_1", "since", "out", "token");
        body.put("userId", required(o, "_1", PREVIEW_USAGE));
        if (o.containsKey("since")) {
          body.put("since", when("since", o.get("since"), Instant.now()));
        }
      }
      default -> throw new PlaceCli.UsageException("mod preview takes rollback or revert, got '" + kind + "': " + PREVIEW_USAGE);
    }
    Path dir = Path.of(o.getOrDefault("out", ".")).toAbsolutePath().normalize();
    // Checked before asking: a preview costs the server seconds of history reads.
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new PlaceCli.UsageException("--out is the directory for before.png and after.png; " + dir + " is a file");
    }
    JsonNode answer = send("POST", "/api/v1/mod/previews", body, o, PREVIEW_TIMEOUT);
    byte[] before = Base64.getDecoder().decode(answer.get("before").asText());
    byte[] after = Base64.getDecoder().decode(answer.get("after").asText());
    Files.createDirectories(dir);
    Path beforeFile = Files.write(dir.resolve("before.png"), before);
    Path afterFile = Files.write(dir.resolve("after.png"), after);
    JsonNode r = answer.get("region");
    out.println("pixelsChanged\t" + answer.get("pixelsChanged").asInt());
    out.println("region\t" + r.get("x").asInt() + "\t" + r.get("y").asInt() + "\t" + r.get("w").asInt() + "\t" + r.get("h").asInt());
    out.println("before\t" + beforeFile);
    out.println("after\t" + afterFile);
    err.println("preview of the " + kind + " (" + r.get("w").asInt() + "x" + r.get("h").asInt() + " at (" + r.get("x").asInt() + ", "
        + r.get("y").asInt() + ")) written to " + dir + "; nothing on the canvas changed");
    return 0;
  }

  private int rollback(Map<String, String> o) throws IOException, InterruptedException {
    only(o, "_0", "_1", "_2", "_3", "to", "reason", "wait", "token");
    ObjectNode body = rectangle(o, 0, ROLLBACK_USAGE);
    body.put("to", when("to", required(o, "to", "mod rollback needs --to WHEN (the moment to roll back to): " + ROLLBACK_USAGE), Instant.now()));
    body.put("reason", required(o, "reason", "mod rollback needs --reason TEXT: " + ROLLBACK_USAGE));
    return started(send("POST", "/api/v1/mod/rollbacks", body, o).get("action"), o);
  }

  private int revert(Map<String, String> o) throws IOException, InterruptedException {
    only(o, "_0", "since", "reason", "wait", "token");
    ObjectNode body = JSON.createObjectNode().put("userId", required(o, "_0", REVERT_USAGE));
    if (o.containsKey("since")) {
      body.put("since", when("since", o.get("since"), Instant.now()));
    }
    body.put("reason", required(o, "reason", "mod revert needs --reason TEXT: " + REVERT_USAGE));
    return started(send("POST", "/api/v1/mod/reverts", body, o).get("action"), o);
  }

  private int undo(Map<String, String> o) throws IOException, InterruptedException {
    only(o, "_0", "reason", "wait", "token");
    String id = required(o, "_0", UNDO_USAGE);
    ObjectNode body = JSON.createObjectNode().put("reason", required(o, "reason", "mod undo needs --reason TEXT: " + UNDO_USAGE));
    return started(send("POST", "/api/v1/mod/actions/" + enc(id) + "/undo", body, o).get("action"), o);
  }

  /** The id on stdout (for scripts), the state on stderr; with {@code --wait}, follows it to its end. */
  private int started(JsonNode action, Map<String, String> o) throws IOException, InterruptedException {
    String id = action.get("id").asText();
    out.println(id);
    err.println(action.get("kind").asText() + " " + id + ": " + action.get("state").asText()
        + (o.containsKey("wait") ? "" : "; follow it with cli/place mod action " + id));
    return o.containsKey("wait") ? follow(action, next -> send("GET", "/api/v1/mod/actions/" + enc(next), null, o).get("action")) : 0;
  }

  /** Reads an action's current status by id ({@code GET /api/v1/mod/actions/{id}}'s "action"). */
  @FunctionalInterface
  interface ActionReader {
    JsonNode read(String id) throws IOException, InterruptedException;
  }

  /**
   * Polls the action until it is done or failed, with a progress bar (done/total restores) on stderr.
   * Fast while it moves, backing off to 2 s while it does not (waiting for history): each poll is a
   * request to the moderator function. Stopping the CLI (Ctrl-C) stops only the following.
   */
  int follow(JsonNode action, ActionReader reader) throws InterruptedException {
    String id = action.get("id").asText();
    String kind = action.get("kind").asText();
    PlaceCli.ProgressBar bar = new PlaceCli.ProgressBar(err);
    long wait = 250;
    while (true) {
      String state = action.get("state").asText();
      int done = action.get("progress").get("done").asInt();
      int total = action.get("progress").get("total").asInt();
      bar.show(percent(state, done, total), state + " " + done + "/" + total);
      if (state.equals("done") || state.equals("failed")) {
        break;
      }
      Thread.sleep(wait);
      JsonNode next;
      try {
        next = reader.read(id);
      } catch (PlaceCli.ApiException | IOException e) {
        bar.finish();
        throw new PlaceCli.ApiException("stopped following " + kind + " " + id + " (it goes on without us; see cli/place mod action "
            + id + "): " + (e instanceof IOException ? "cannot reach " + api + ": " + e : e.getMessage()));
      }
      boolean moved = next.get("progress").get("done").asInt() != done || !next.get("state").asText().equals(state);
      wait = moved ? 250 : Math.min(2_000, wait * 2);
      action = next;
    }
    bar.finish();
    if (action.get("state").asText().equals("failed")) {
      throw new PlaceCli.ApiException(kind + " " + id + " failed: " + text(action.get("error")));
    }
    err.println(kind + " " + id + " done: " + action.get("pixelsChanged").asInt() + " pixel(s) changed");
    return 0;
  }

  static int percent(String state, int done, int total) {
    if (state.equals("done")) {
      return 100;
    }
    return total <= 0 ? 0 : (int) Math.min(100, 100L * done / total);
  }

  private int action(Map<String, String> o) throws IOException, InterruptedException {
    only(o, "_0", "token");
    String id = required(o, "_0", "mod action ACTION_ID");
    JsonNode action = send("GET", "/api/v1/mod/actions/" + enc(id), null, o).get("action");
    out.println(ACTION_COLUMNS);
    out.println(row(action));
    return 0;
  }

  private int actions(Map<String, String> o) throws IOException, InterruptedException {
    only(o, "limit", "token");
    if (o.containsKey("limit") && !o.get("limit").matches("[0-9]{1,9}")) {
      throw new PlaceCli.UsageException("--limit is a whole number (1 to 500), got '" + o.get("limit") + "'");
    }
    JsonNode actions = send("GET", "/api/v1/mod/actions" + (o.containsKey("limit") ? "?limit=" + o.get("limit") : ""), null, o)
        .get("actions");
    out.println(ACTION_COLUMNS);
    for (JsonNode a : actions) {
      out.println(row(a));
    }
    err.println(actions.size() + " action(s)");
    return 0;
  }

  static final String ACTION_COLUMNS = "id\tkind\tstate\tprogress\tpixelsChanged\tcreatedAt\tmoderator\treason\tparameters\tundoneBy\terror";

  static String row(JsonNode a) {
    JsonNode progress = a.get("progress");
    return a.get("id").asText() + "\t" + a.get("kind").asText() + "\t" + a.get("state").asText() + "\t"
        + progress.get("done").asInt() + "/" + progress.get("total").asInt() + "\t" + a.get("pixelsChanged").asInt() + "\t"
        + a.get("createdAt").asText() + "\t" + a.get("moderator").asText() + "\t" + a.get("reason").asText() + "\t"
        + a.get("parameters") + "\t" + text(a.get("undoneBy")) + "\t" + text(a.get("error"));
  }

  /** A field that may be null or absent, as "-" then. */
  private static String text(JsonNode value) {
    return value == null || value.isNull() ? "-" : value.asText();
  }

  // --- HTTP ---

  private JsonNode send(String method, String path, JsonNode body, Map<String, String> o) throws IOException, InterruptedException {
    return send(method, path, body, o, Duration.ofSeconds(30));
  }

  private JsonNode send(String method, String path, JsonNode body, Map<String, String> o, Duration timeout)
      throws IOException, InterruptedException {
    String token = o.getOrDefault("token", env.apply("PLACE_MOD_TOKEN"));
    if (token == null || token.isBlank()) {
      throw new PlaceCli.UsageException("this needs a moderator's token: --token TOKEN or PLACE_MOD_TOKEN; locally "
          + "export PLACE_MOD_TOKEN=$(cli/place mod token --user NAME)");
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve(path)).timeout(timeout)
        .header("authorization", "Bearer " + token)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
    if (body != null) {
      request.header("content-type", "application/json");
    }
    HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new PlaceCli.ApiException(method + " " + path + ": HTTP " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }

  /** Refuses options the command does not take, so a typo changes nothing instead of being ignored. */
  private static void only(Map<String, String> o, String... allowed) {
    List<String> known = List.of(allowed);
    for (String k : o.keySet()) {
      if (!known.contains(k)) {
        throw new PlaceCli.UsageException(k.startsWith("_") ? "unexpected argument '" + o.get(k) + "'" : "unknown option --" + k);
      }
    }
  }

  private static String required(Map<String, String> o, String key, String usage) {
    String value = o.get(key);
    if (value == null || value.isBlank()) {
      throw new PlaceCli.UsageException(usage);
    }
    return value;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
