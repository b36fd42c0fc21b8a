package dev.place.functions.timelapse;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.place.shared.config.Environment;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.history.CassandraSessions;
import dev.place.shared.history.TileHistory;
import dev.place.shared.timelapse.JobJson;
import dev.place.shared.timelapse.JobStatus;
import dev.place.shared.timelapse.TimelapseRequest;
import dev.place.shared.timelapse.aws.AwsTimelapse;
import dev.place.shared.timelapse.aws.EcsJobLauncher;
import java.io.PrintStream;
import java.util.function.Function;

/**
 * The ECS task for large timelapse jobs: one job per task, given in {@code PLACE_TIMELAPSE_JOB} by
 * the dispatcher's RunTask. Same worker as the Lambda, more cores and memory, no time limit. Exit
 * status 0 when the result is published, 1 when the render failed (the record says why), 2 for a
 * missing or malformed job.
 */
public final class TimelapseTaskMain {

  private TimelapseTaskMain() {}

  public static void main(String[] args) {
    System.exit(run(Environment::get, System.out, System.err));
  }

  static int run(Function<String, String> environment, PrintStream out, PrintStream err) {
    String job = environment.apply(EcsJobLauncher.JOB_VARIABLE);
    TimelapseRequest request;
    try {
      if (job == null || job.isBlank()) {
        throw new IllegalArgumentException(EcsJobLauncher.JOB_VARIABLE + " is not set");
      }
      request = JobJson.request(job);
    } catch (IllegalArgumentException e) {
      err.println("timelapse task: " + e.getMessage());
      return 2;
    }
    PlaceConfig config = PlaceConfig.from(environment);
    JobStatus status;
    try (CqlSession session = CassandraSessions.open(config)) {
      status = AwsTimelapse.worker(config, new TileHistory(session, config.tileSize())).run(request);
    }
    out.println(status.toJson());
    return status.state() == JobStatus.State.DONE ? 0 : 1;
  }
}
