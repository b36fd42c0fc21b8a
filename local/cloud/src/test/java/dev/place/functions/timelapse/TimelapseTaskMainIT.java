package dev.place.functions.timelapse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.local.LocalCloud;
import dev.place.local.it.SharedCloud;
import dev.place.shared.config.Environment;
import dev.place.shared.timelapse.JobJson;
import dev.place.shared.timelapse.Region;
import dev.place.shared.timelapse.TimelapseRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The ECS task's entry point against the shared local cloud's Cassandra and job store, with the job
 * in its environment as RunTask's container override puts it: what runs in Fargate, minus Fargate.
 */
class TimelapseTaskMainIT {

  @Test
  void theTaskRendersTheJobInItsEnvironmentPublishesItAndExits0() throws Exception {
    LocalCloud cloud = SharedCloud.get();
    long now = System.currentTimeMillis();
    TimelapseRequest request = new TimelapseRequest(new Region(0, 0, 300, 200), now - 60_000, now, 10, 20,
        TimelapseRequest.Format.MP4);
    String job = JobJson.request(request);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit = TimelapseTaskMain.run(name -> name.equals("PLACE_TIMELAPSE_JOB") ? job : Environment.get(name),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"state\":\"DONE\"")
        .contains(cloud.httpUrl() + "/timelapse/" + request.fileName());
    Path result = Path.of(cloud.config().timelapse().directory(), "timelapse", request.fileName());
    byte[] mp4 = Files.readAllBytes(result);
    assertThat(new String(mp4, 4, 4, StandardCharsets.US_ASCII)).isEqualTo("ftyp");
  }
}
