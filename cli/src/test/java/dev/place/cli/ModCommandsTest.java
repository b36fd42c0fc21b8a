package dev.place.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.place.shared.auth.Role;
import dev.place.shared.auth.SessionClaims;
import dev.place.shared.auth.TokenService;
import dev.place.shared.config.PlaceConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModCommandsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** Nothing listens on port 1: a command that got as far as the API would fail with "cannot reach". */
  private ModCommands commands(Map<String, String> env) {
    return new ModCommands(URI.create("http://127.0.0.1:1"), new PrintStream(out, true), new PrintStream(err, true), env::get);
  }

  @Test
  void modTokenMintsASessionTokenTheLocalCloudAcceptsForThatUserAndRole() throws Exception {
    assertThat(commands(Map.of()).run(List.of("token", "--user", "alice", "--role", "admin"))).isZero();

    String token = out.toString().strip();
    SessionClaims claims = new TokenService(PlaceConfig.LOCAL_TOKEN_SECRET, Duration.ofHours(24)).verifyClaims(token, Instant.now());
    assertThat(claims.userId()).isEqualTo("alice");
    assertThat(claims.role()).isEqualTo(Role.ADMIN);
    assertThat(err.toString()).contains("admin token of alice");
  }

  @Test
  void modTokenSignsWithTheConfiguredSecretAndDefaultsToTheModeratorRole() throws Exception {
    String secret = "another-secret-0123456789";
    commands(Map.of("PLACE_TOKEN_SECRET", secret)).run(List.of("token", "--user", "mia"));
    SessionClaims claims = new TokenService(secret, Duration.ofHours(24)).verifyClaims(out.toString().strip(), Instant.now());
    assertThat(claims.role()).isEqualTo(Role.MODERATOR);
  }

  @Test
  void badInputIsAUsageErrorBeforeAnythingIsSent() {
    ModCommands mod = commands(Map.of("PLACE_MOD_TOKEN", "t"));
    assertThatThrownBy(() -> mod.run(List.of("token"))).hasMessageContaining("--user");
    assertThatThrownBy(() -> mod.run(List.of("token", "--user", "bob", "--role", "user"))).hasMessageContaining("moderator or admin");
    assertThatThrownBy(() -> mod.run(List.of("token", "--user", "guest-x"))).hasMessageContaining("guest");
    assertThatThrownBy(() -> mod.run(List.of("ban", "u-x"))).hasMessageContaining("--reason");
    assertThatThrownBy(() -> mod.run(List.of("ban", "u-x", "--reason", "r", "--for", "soon"))).hasMessageContaining("30m");
    assertThatThrownBy(() -> mod.run(List.of("ban", "u-x", "--reason", "r", "--expires", "1h"))).hasMessageContaining("unknown option --expires");
    assertThatThrownBy(() -> mod.run(List.of("protect", "1", "2", "3", "--reason", "r"))).hasMessageContaining("X Y W H");
    assertThatThrownBy(() -> mod.run(List.of("protect", "1", "2", "3", "x", "--reason", "r"))).hasMessageContaining("H must be a whole number");
    assertThatThrownBy(() -> mod.run(List.of("purge"))).hasMessageContaining("unknown mod command");
    assertThatThrownBy(() -> commands(Map.of()).run(List.of("areas"))).hasMessageContaining("PLACE_MOD_TOKEN");
  }

  @Test
  void aBanLastsForAGivenDurationOrUntilAGivenTime() {
    long before = Instant.now().plus(Duration.ofDays(7)).toEpochMilli();
    assertThat(ModCommands.until(Map.of("for", "7d"))).isBetween(before, before + 60_000);
    assertThat(ModCommands.until(Map.of("until", "2030-01-01T00:00:00Z"))).isEqualTo(Instant.parse("2030-01-01T00:00:00Z").toEpochMilli());
    assertThat(ModCommands.until(Map.of("until", "1893456000000"))).isEqualTo(1893456000000L);
    assertThat(ModCommands.until(Map.of())).as("until lifted").isNull();
    assertThatThrownBy(() -> ModCommands.until(Map.of("for", "1h", "until", "5"))).hasMessageContaining("not both");
  }

  @Test
  void theUsageListsEveryModCommand() {
    for (String command : List.of("mod token", "mod ban", "mod unban", "mod bans", "mod protect", "mod unprotect", "mod areas", "mod audit",
        "mod preview rollback", "mod preview revert", "mod rollback", "mod revert", "mod undo", "mod action ", "mod actions")) {
      assertThat(PlaceCli.USAGE).contains(command);
    }
  }

  @Test
  void aMomentIsIsoEpochMillisecondsOrHowLongAgoInTheUnitsOfBanFor() {
    Instant now = Instant.parse("2026-12-01T12:00:00Z");
    assertThat(ModCommands.when("to", "10m", now)).isEqualTo(Instant.parse("2026-12-01T11:50:00Z").toEpochMilli());
    assertThat(ModCommands.when("to", "2h", now)).isEqualTo(Instant.parse("2026-12-01T10:00:00Z").toEpochMilli());
    assertThat(ModCommands.when("to", "30s", now)).isEqualTo(Instant.parse("2026-12-01T11:59:30Z").toEpochMilli());
    assertThat(ModCommands.when("since", "1d", now)).isEqualTo(Instant.parse("2026-11-30T12:00:00Z").toEpochMilli());
    assertThat(ModCommands.when("to", "2026-11-30T08:15:00Z", now)).isEqualTo(Instant.parse("2026-11-30T08:15:00Z").toEpochMilli());
    assertThat(ModCommands.when("to", "1764500000000", now)).isEqualTo(1764500000000L);
    assertThatThrownBy(() -> ModCommands.when("since", "yesterday", now)).isInstanceOf(PlaceCli.UsageException.class)
        .hasMessageContaining("--since").hasMessageContaining("10m").hasMessageContaining("'yesterday'");
    assertThatThrownBy(() -> ModCommands.when("to", "-10m", now)).isInstanceOf(PlaceCli.UsageException.class);
    assertThatThrownBy(() -> ModCommands.when("to", "10 m", now)).isInstanceOf(PlaceCli.UsageException.class);
  }

  @Test
  void waitIsAFlagThatTakesNoValue() {
    assertThat(PlaceCli.options(List.of("a-1", "--wait", "--reason", "oops")))
        .containsEntry("_0", "a-1").containsEntry("wait", "true").containsEntry("reason", "oops").hasSize(3);
  }

  @Test
  void badInputToTheCanvasChangingCommandsIsAUsageErrorBeforeAnythingIsSent(@TempDir Path dir) throws Exception {
    ModCommands mod = commands(Map.of("PLACE_MOD_TOKEN", "t"));
    Map<List<String>, String> cases = new java.util.LinkedHashMap<>();
    cases.put(List.of("preview"), "mod preview rollback X Y W H");
    cases.put(List.of("preview", "undo", "a-1"), "takes rollback or revert, got 'undo'");
    cases.put(List.of("preview", "rollback", "1", "2", "3", "--to", "10m"), "X Y W H");
    cases.put(List.of("preview", "rollback", "1", "2", "3", "4"), "needs --to");
    cases.put(List.of("preview", "rollback", "1", "2", "3", "four", "--to", "10m"), "H must be a whole number");
    cases.put(List.of("preview", "rollback", "1", "2", "3", "4", "--to", "soon"), "--to is ISO-8601");
    cases.put(List.of("preview", "rollback", "1", "2", "3", "4", "--to", "10m", "--reason", "r"), "unknown option --reason");
    cases.put(List.of("preview", "revert"), "mod preview revert USER_ID");
    cases.put(List.of("preview", "revert", "u-x", "--since", "a while"), "--since is ISO-8601");
    cases.put(List.of("preview", "revert", "u-x", "--to", "10m"), "unknown option --to");
    cases.put(List.of("rollback", "1", "2", "3", "4", "--reason", "grief"), "needs --to");
    cases.put(List.of("rollback", "1", "2", "3", "4", "--to", "10m"), "needs --reason");
    cases.put(List.of("rollback", "1", "2", "3", "4", "5", "--to", "10m", "--reason", "r"), "unexpected argument '5'");
    cases.put(List.of("rollback", "1", "2", "3", "4", "--to", "10m", "--reason", "r", "--since", "1h"), "unknown option --since");
    cases.put(List.of("rollback", "1", "2", "x", "4", "--to", "10m", "--reason", "r"), "W must be a whole number");
    cases.put(List.of("revert", "--reason", "r"), "mod revert USER_ID");
    cases.put(List.of("revert", "u-x"), "needs --reason");
    cases.put(List.of("revert", "u-x", "--since", "last week", "--reason", "r"), "--since is ISO-8601");
    cases.put(List.of("undo", "--reason", "r"), "mod undo ACTION_ID");
    cases.put(List.of("undo", "a-1"), "needs --reason");
    cases.put(List.of("undo", "a-1", "a-2", "--reason", "r"), "unexpected argument 'a-2'");
    cases.put(List.of("action"), "mod action ACTION_ID");
    cases.put(List.of("action", "a-1", "--wait"), "unknown option --wait");
    cases.put(List.of("actions", "--limit", "ten"), "--limit is a whole number");
    cases.put(List.of("actions", "all"), "unexpected argument 'all'");
    Path file = Files.writeString(dir.resolve("taken"), "not a directory");
    cases.put(List.of("preview", "revert", "u-x", "--out", file.toString()), "is a file");
    for (Map.Entry<List<String>, String> c : cases.entrySet()) {
      assertThatThrownBy(() -> mod.run(c.getKey())).as(String.join(" ", c.getKey()))
          .isInstanceOf(PlaceCli.UsageException.class).hasMessageContaining(c.getValue());
    }
    assertThat(Files.readString(file)).isEqualTo("not a directory");
    assertThat(out.toString()).as("nothing printed, so no action id").isEmpty();
  }

  @Test
  void wellFormedCanvasChangingCommandsGetAsFarAsTheApi() {
    ModCommands mod = commands(Map.of("PLACE_MOD_TOKEN", "t"));
    for (List<String> args : List.of(
        List.of("preview", "rollback", "1", "2", "3", "4", "--to", "10m"),
        List.of("preview", "revert", "u-x", "--since", "2026-11-30T08:00:00Z", "--out", "previews"),
        List.of("rollback", "1", "2", "3", "4", "--to", "1764500000000", "--reason", "grief", "--wait"),
        List.of("revert", "u-x", "--reason", "bot"),
        List.of("undo", "a-1", "--reason", "wrong area", "--wait"),
        List.of("action", "a-1"),
        List.of("actions", "--limit", "20"))) {
      assertThatThrownBy(() -> mod.run(args)).as(String.join(" ", args)).isInstanceOf(java.net.ConnectException.class);
    }
    assertThatThrownBy(() -> commands(Map.of()).run(List.of("undo", "a-1", "--reason", "r"))).hasMessageContaining("PLACE_MOD_TOKEN");
  }

  private static JsonNode status(String state, int done, int total, String error) throws java.io.IOException {
    return JSON.readTree("{\"id\":\"a-1\",\"kind\":\"rollback\",\"moderator\":\"alice\",\"reason\":\"grief\","
        + "\"createdAt\":\"2026-12-01T12:00:00.000Z\",\"parameters\":{\"x\":1,\"y\":2,\"w\":3,\"h\":4,\"to\":\"2026-12-01T11:00:00.000Z\"},"
        + "\"state\":\"" + state + "\",\"progress\":{\"done\":" + done + ",\"total\":" + total + "},\"pixelsChanged\":" + done
        + ",\"undoneBy\":null,\"error\":" + (error == null ? "null" : "\"" + error + "\"") + "}");
  }

  @Test
  void followingAnActionShowsItsProgressUntilItIsDone() throws Exception {
    java.util.Iterator<JsonNode> later = List.of(status("waiting-for-history", 0, 0, null), status("applying", 5, 12, null),
        status("done", 12, 12, null)).iterator();
    List<String> asked = new java.util.ArrayList<>();
    int exit = commands(Map.of()).follow(status("waiting-for-history", 0, 0, null), id -> {
      asked.add(id);
      return later.next();
    });
    assertThat(exit).isZero();
    assertThat(asked).containsExactly("a-1", "a-1", "a-1");
    assertThat(err.toString()).contains("waiting-for-history 0/0").contains(" 41% applying 5/12").contains("100% done 12/12")
        .contains("rollback a-1 done: 12 pixel(s) changed");
  }

  @Test
  void followingAnActionThatFailsIsAnErrorWithTheServersReason() throws Exception {
    assertThatThrownBy(() -> commands(Map.of()).follow(status("applying", 0, 4, null), id -> status("failed", 2, 4, "history did not catch up")))
        .isInstanceOf(PlaceCli.ApiException.class).hasMessage("rollback a-1 failed: history did not catch up");
    assertThat(err.toString()).contains("failed 2/4");
  }

  @Test
  void followingStopsWithAClearErrorWhenTheStatusCannotBeRead() {
    assertThatThrownBy(() -> commands(Map.of()).follow(status("applying", 0, 4, null), id -> {
      throw new PlaceCli.ApiException("GET /api/v1/mod/actions/a-1: HTTP 503 {\"code\":\"UNAVAILABLE\"}");
    })).isInstanceOf(PlaceCli.ApiException.class).hasMessageContaining("it goes on without us").hasMessageContaining("HTTP 503");
  }

  @Test
  void progressIsDoneOverTotalAndADoneActionIsComplete() {
    assertThat(ModCommands.percent("waiting-for-history", 0, 0)).isZero();
    assertThat(ModCommands.percent("applying", 250, 1000)).isEqualTo(25);
    assertThat(ModCommands.percent("done", 0, 0)).as("nothing to change").isEqualTo(100);
  }

  @Test
  void anActionRowHasEveryColumnAndDashesForWhatIsNotThere() throws Exception {
    String[] row = ModCommands.row(status("applying", 5, 12, null)).split("\t");
    assertThat(row).hasSameSizeAs(ModCommands.ACTION_COLUMNS.split("\t"));
    assertThat(row).containsExactly("a-1", "rollback", "applying", "5/12", "5", "2026-12-01T12:00:00.000Z", "alice", "grief",
        "{\"x\":1,\"y\":2,\"w\":3,\"h\":4,\"to\":\"2026-12-01T11:00:00.000Z\"}", "-", "-");
  }
}
