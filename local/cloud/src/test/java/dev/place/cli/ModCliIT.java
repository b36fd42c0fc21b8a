package dev.place.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.local.LocalCloud;
import dev.place.local.it.SharedCloud;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code cli/place mod} against the shared local cloud, as a moderator runs it: a token minted with
 * the local cloud's secret, then protect, areas, unprotect, ban, bans, unban and audit.
 */
class ModCliIT {

  private static LocalCloud cloud;

  @BeforeAll
  static void cloud() {
    cloud = SharedCloud.get();
  }

  private record Run(int exit, String out, String err) {}

  private static Run cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] argv = new String[args.length + 2];
    argv[0] = "--api";
    argv[1] = cloud.httpUrl().toString();
    System.arraycopy(args, 0, argv, 2, args.length);
    int exit = PlaceCli.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aModeratorMintsATokenLocallyAndRunsEveryModCommandAgainstTheCloud() {
    Run token = cli("mod", "token", "--user", "cli-moderator");
    assertThat(token.exit()).as(token.err()).isZero();
    String t = token.out().strip();

    Run protect = cli("mod", "protect", "1880", "380", "5", "5", "--reason", "cli test", "--token", t);
    assertThat(protect.exit()).as(protect.err()).isZero();
    String areaId = protect.out().strip();
    assertThat(areaId).startsWith("area-");
    assertThat(cli("mod", "areas", "--token", t).out()).contains(areaId + "\t1880\t380\t5\t5\tcli test\tcli-moderator");
    assertThat(cli("mod", "unprotect", areaId, "--token", t).out()).contains("unprotected " + areaId);

    Run ban = cli("mod", "ban", "u-cli-target", "--reason", "cli ban", "--for", "1h", "--token", t);
    assertThat(ban.exit()).as(ban.err()).isZero();
    assertThat(ban.out()).startsWith("banned u-cli-target until ");
    assertThat(cli("mod", "bans", "u-cli-target", "--token", t).out()).contains("u-cli-target\tcli ban\t");
    assertThat(cli("mod", "unban", "u-cli-target", "--reason", "done", "--token", t).out()).startsWith("unbanned u-cli-target");
    Run gone = cli("mod", "bans", "u-cli-target", "--token", t);
    assertThat(gone.exit()).isEqualTo(1);
    assertThat(gone.err()).contains("HTTP 404").contains("NOT_FOUND");

    Run audit = cli("mod", "audit", "--limit", "4", "--token", t);
    assertThat(audit.exit()).as(audit.err()).isZero();
    assertThat(audit.out().lines().skip(1).map(l -> l.split("\t")[3]).toList())
        .containsExactly("unban", "ban", "unprotect", "protect");

    Run forbidden = cli("mod", "ban", "u-cli-target", "--reason", "r", "--token", t);
    assertThat(forbidden.exit()).as("a moderator gives an end").isEqualTo(1);
    assertThat(forbidden.err()).contains("HTTP 403").contains("only an admin");
  }
}
