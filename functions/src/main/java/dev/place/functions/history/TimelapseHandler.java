package dev.place.functions.history;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.timelapse.JobStatus;
import dev.place.shared.timelapse.TimelapseJobs;
import dev.place.shared.timelapse.TimelapseRequest;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/timelapse?x=&y=&w=&h=&from=&to=&fps=&frames|seconds|speed=&format=mp4|gif&moderation=include|exclude}:
 * starts a render (or finds the same request's result) and answers its status, 202 while it runs and
 * 200 once done; {@code GET /api/v1/timelapse/{id}}: the status,
 * {@code {"id","state":"QUEUED|RUNNING|DONE|FAILED","percent","url","error"}}.
 */
public final class TimelapseHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  private static final Logger LOG = LoggerFactory.getLogger(TimelapseHandler.class);

  private final Supplier<CanvasGeometry> canvas;
  private final Supplier<Optional<TimelapseJobs>> jobs;

  public TimelapseHandler() {
    this(HistoryDependencies.get()::canvas, () -> HistoryDependencies.get().jobs());
  }

  TimelapseHandler(Supplier<CanvasGeometry> canvas, Supplier<Optional<TimelapseJobs>> jobs) {
    this.canvas = canvas;
    this.jobs = jobs;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    try {
      return answer(event);
    } catch (RuntimeException e) {
      // The runner's store or launcher is unreachable or misconfigured: nothing was started.
      LOG.error("timelapse request failed", e);
      return HttpResponses.error(503, "UNAVAILABLE", "the timelapse runner is unavailable: " + e.getMessage());
    }
  }

  private APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent event) {
    Optional<TimelapseJobs> runner = jobs.get();
    if (runner.isEmpty()) {
      return HttpResponses.error(503, "UNAVAILABLE", "no timelapse job runner is configured");
    }
    String method = event.getRequestContext() == null || event.getRequestContext().getHttp() == null
        ? "GET" : event.getRequestContext().getHttp().getMethod();
    if ("POST".equalsIgnoreCase(method)) {
      TimelapseRequest request;
      try {
        request = TimelapseRequest.parse(HttpResponses.query(event), canvas.get(), System.currentTimeMillis());
      } catch (IllegalArgumentException e) {
        return HttpResponses.badRequest(e.getMessage());
      }
      JobStatus status = runner.get().submit(request);
      return HttpResponses.json(status.state() == JobStatus.State.DONE ? 200 : 202, status.toJson());
    }
    String id = event.getPathParameters() == null ? null : event.getPathParameters().get("id");
    if (id == null || !id.matches("[0-9a-f]{32}")) {
      return HttpResponses.badRequest("invalid job id");
    }
    return runner.get().status(id)
        .map(s -> HttpResponses.json(200, s.toJson()))
        .orElseGet(() -> HttpResponses.error(404, "NOT_FOUND", "no such timelapse job"));
  }
}
