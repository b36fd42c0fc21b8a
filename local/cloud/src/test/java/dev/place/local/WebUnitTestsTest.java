package dev.place.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The web client's pure logic (binary batch decoder, tile sync rules, subscription areas, links) is
 * tested in Node, where it runs without a browser: {@code node --test web/test/}. This runs those
 * tests inside the Maven build, so a broken decoder fails the build like any Java test.
 */
class WebUnitTestsTest {

  private static final Path NODE = Path.of(System.getenv().getOrDefault("PLACE_NODE", "/usr/bin/node"));

  @Test
  void theWebClientsNodeUnitTestsPass() throws IOException, InterruptedException {
    Assumptions.assumeTrue(Files.isExecutable(NODE),
        "web unit tests skipped: " + NODE + " is missing (apt-get install nodejs, or set PLACE_NODE)");
    Path web = WebRoot.locate();
    // Output to a file, not a pipe: a hung test must not block the read past the timeout.
    Path log = Files.createTempFile("web-unit-tests-", ".tap");
    Process node = new ProcessBuilder(NODE.toString(), "--test", "test/")
        .directory(web.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    boolean finished = node.waitFor(120, TimeUnit.SECONDS);
    if (!finished) {
      node.destroyForcibly();
    }
    String report = Files.readString(log, StandardCharsets.UTF_8);
    Files.deleteIfExists(log);
    assertThat(finished).as("node --test finished within 120 s; its report so far:\n%s", report).isTrue();
    System.out.println(report);
    assertThat(node.exitValue()).as("node --test web/test/ exit code; its report:\n%s", report).isZero();
    // A runner that found no test file would also exit 0.
    assertThat(report).contains("# pass").doesNotContain("# pass 0\n");
  }
}
