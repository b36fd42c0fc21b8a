package dev.place.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a user runs: the pinned CDK CLI synthesizes the app offline through cdk.json (cdk-nag's
 * AwsSolutions errors fail the synth), and cfn-lint finds no errors in the template. Skips, naming
 * the reason, where node/npm, the CLI package or cfn-lint cannot be had.
 */
class CdkSynthIT {

  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path CLI_DIR = MODULE.resolve("target/cdk-cli");
  private static final Path OUT = MODULE.resolve("target/cdk.out");
  private static String skipReason;
  private static Result synth;

  record Result(int exit, String output) {}

  @BeforeAll
  static void synthesize() throws Exception {
    if (!onPath("node") || !onPath("npm")) {
      skipReason = "node/npm not on PATH: install Node.js (apt-get install nodejs npm) to run cdk synth";
      return;
    }
    Path cdk = CLI_DIR.resolve("node_modules/.bin/cdk");
    String version = System.getProperty("cdk.cli.version", "2.1148.1");
    if (!Files.isExecutable(cdk) || !installedVersion().equals(version)) {
      Result install = run(List.of("npm", "install", "--prefix", CLI_DIR.toString(), "--no-audit", "--no-fund",
          "--no-save", "aws-cdk@" + version), 300);
      if (install.exit() != 0 || !Files.isExecutable(cdk)) {
        skipReason = "could not install aws-cdk@" + version + " from npm: " + tail(install.output());
        return;
      }
    }
    synth = run(List.of(cdk.toString(), "synth", "--no-notices", "--no-version-reporting", "-q"), 600);
  }

  private static String installedVersion() {
    try {
      String pkg = Files.readString(CLI_DIR.resolve("node_modules/aws-cdk/package.json"));
      var m = java.util.regex.Pattern.compile("\"version\"\\s*:\\s*\"([^\"]+)\"").matcher(pkg);
      return m.find() ? m.group(1) : "";
    } catch (IOException e) {
      return "";
    }
  }

  @Test
  void pinnedCliSynthesizesOfflineWithoutNagErrors() throws IOException {
    assumeTrue(skipReason == null, () -> skipReason);
    assertThat(synth.exit()).as(tail(synth.output())).isZero();
    Path template = OUT.resolve("Place.template.json");
    assertThat(template).exists();
    String json = Files.readString(template);
    assertThat(json).contains("AWS::ApiGatewayV2::Api", "AWS::MSK::ServerlessCluster", "AWS::ElastiCache::ReplicationGroup");
    assertThat(synth.output()).doesNotContain("AwsSolutions-");
  }

  @Test
  void cfnLintFindsNoErrors() throws Exception {
    assumeTrue(skipReason == null, () -> skipReason);
    assumeTrue(onPath("cfn-lint"), "cfn-lint not on PATH: pip install cfn-lint (.ci/run does)");
    assertThat(synth.exit()).isZero();
    Result lint = run(List.of("cfn-lint", "--format", "parseable", OUT.resolve("Place.template.json").toString()), 300);
    // cfn-lint's exit code is a bit mask: 2 = errors, 4 = warnings, 8 = informational.
    System.out.println("cfn-lint exit " + lint.exit() + ":\n" + lint.output());
    assertThat(lint.exit() & 2).as(lint.output()).isZero();
    assertThat(lint.exit() & 1).as("cfn-lint itself failed: " + lint.output()).isZero();
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  private static Result run(List<String> command, int timeoutSeconds) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(MODULE.toFile()).redirectErrorStream(true);
    pb.environment().put("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
    pb.environment().put("AWS_EC2_METADATA_DISABLED", "true");
    pb.environment().put("CDK_DISABLE_CLI_TELEMETRY", "true");
    // The app's JVM keeps its temporary files (jsii runtime) under target/, like the tests do.
    pb.environment().put("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + MODULE.resolve("target/tmp"));
    pb.environment().put("TMPDIR", MODULE.resolve("target/tmp").toString());
    Process p = pb.start();
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Result(-1, "timed out after " + timeoutSeconds + " s");
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static String tail(String output) {
    String[] lines = output.split("\n");
    return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 40), lines.length));
  }
}
