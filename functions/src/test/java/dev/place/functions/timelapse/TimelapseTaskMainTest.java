package dev.place.functions.timelapse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimelapseTaskMainTest {

  @Test
  void aTaskWithoutAJobOrWithAMalformedOneExitsWith2AndSaysWhyBeforeTouchingAnything() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    // No Cassandra and no store are configured: reaching them would throw, not return 2.
    assertThat(TimelapseTaskMain.run(Map.<String, String>of()::get, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("PLACE_TIMELAPSE_JOB is not set");

    err.reset();
    assertThat(TimelapseTaskMain.run(Map.of("PLACE_TIMELAPSE_JOB", "{\"v\":1,\"frames\":5}")::get,
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing 'format'");
  }
}
