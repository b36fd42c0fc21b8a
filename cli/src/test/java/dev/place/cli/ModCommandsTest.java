package dev.place.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.place.shared.auth.Role;
import dev.place.shared.auth.SessionClaims;
import dev.place.shared.auth.TokenService;
import dev.place.shared.config.PlaceConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModCommandsTest {

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
    for (String command : List.of("mod token", "mod ban", "mod unban", "mod bans", "mod protect", "mod unprotect", "mod areas", "mod audit")) {
      assertThat(PlaceCli.USAGE).contains(command);
    }
  }
}
