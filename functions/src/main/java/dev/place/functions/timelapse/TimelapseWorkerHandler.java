package dev.place.functions.timelapse;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.history.CassandraSessions;
import dev.place.shared.history.TileHistory;
import dev.place.shared.timelapse.JobJson;
import dev.place.shared.timelapse.JobStatus;
import dev.place.shared.timelapse.TimelapseRequest;
import dev.place.shared.timelapse.TimelapseWorker;
import dev.place.shared.timelapse.aws.AwsTimelapse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The worker Lambda for small timelapse jobs, invoked asynchronously by the timelapse HTTP function
 * with the job's JSON as the event. The render's outcome goes to the job's record in S3; the answer
 * is its final status, for logs and tests (nobody waits for an asynchronous invocation's answer).
 */
public final class TimelapseWorkerHandler implements RequestStreamHandler {

  private static volatile TimelapseWorker shared;

  private final Supplier<TimelapseWorker> worker;

  public TimelapseWorkerHandler() {
    this(TimelapseWorkerHandler::sharedWorker);
  }

  TimelapseWorkerHandler(Supplier<TimelapseWorker> worker) {
    this.worker = worker;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    TimelapseRequest request;
    try {
      request = JobJson.request(new String(input.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      // A malformed event will not get better by retrying: say why and end.
      StringBuilder json = new StringBuilder("{\"error\":\"");
      JsonStringEncoder.getInstance().quoteAsString(e.getMessage(), json);
      output.write(json.append("\"}").toString().getBytes(StandardCharsets.UTF_8));
      return;
    }
    JobStatus status = worker.get().run(request);
    output.write(status.toJson().getBytes(StandardCharsets.UTF_8));
  }

  private static TimelapseWorker sharedWorker() {
    TimelapseWorker w = shared;
    if (w == null) {
      synchronized (TimelapseWorkerHandler.class) {
        w = shared;
        if (w == null) {
          PlaceConfig config = PlaceConfig.fromEnvironment();
          shared = w = AwsTimelapse.worker(config, new TileHistory(CassandraSessions.open(config), config.tileSize()));
        }
      }
    }
    return w;
  }
}
