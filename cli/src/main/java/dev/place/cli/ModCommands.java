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
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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
      The mod commands other than token need a moderator's or admin's token: --token TOKEN, else PLACE_MOD_TOKEN.
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
      throw new PlaceCli.UsageException("mod needs a command: token, ban, unban, bans, protect, unprotect, areas or audit");
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
      Matcher m = DURATION.matcher(o.get("for"));
      if (!m.matches()) {
        throw new PlaceCli.UsageException("--for is a number and a unit (s, m, h, d), e.g. 30m or 7d; got '" + o.get("for") + "'");
      }
      long n = Long.parseLong(m.group(1));
      Duration d = switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
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
    ObjectNode body = JSON.createObjectNode();
    String[] names = {"x", "y", "w", "h"};
    for (int i = 0; i < 4; i++) {
      String value = required(o, "_" + i, "mod protect X Y W H --reason TEXT");
      try {
        body.put(names[i], Integer.parseInt(value));
      } catch (NumberFormatException e) {
        throw new PlaceCli.UsageException(names[i].toUpperCase() + " must be a whole number, got '" + value + "'");
      }
    }
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

  // --- HTTP ---

  private JsonNode send(String method, String path, JsonNode body, Map<String, String> o) throws IOException, InterruptedException {
    String token = o.getOrDefault("token", env.apply("PLACE_MOD_TOKEN"));
    if (token == null || token.isBlank()) {
      throw new PlaceCli.UsageException("this needs a moderator's token: --token TOKEN or PLACE_MOD_TOKEN; locally "
          + "export PLACE_MOD_TOKEN=$(cli/place mod token --user NAME)");
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(30))
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
