package dev.place.functions.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.history.TileHistory;
import dev.place.shared.timelapse.JobStatus;
import dev.place.shared.timelapse.MemoryHistory;
import dev.place.shared.timelapse.TimelapseJobs;
import dev.place.shared.timelapse.TimelapseRequest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class HistoryHandlersTest {

  private static final CanvasGeometry CANVAS = new CanvasGeometry(100, 80, 16);

  private static APIGatewayV2HTTPEvent get(Map<String, String> query, Map<String, String> path) {
    return APIGatewayV2HTTPEvent.builder().withQueryStringParameters(query).withPathParameters(path).build();
  }

  private static APIGatewayV2HTTPEvent post(Map<String, String> query) {
    APIGatewayV2HTTPEvent e = get(query, null);
    e.setRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build()).build());
    return e;
  }

  @Test
  void pixelHistoryHasTheAgreedShapeWithMillisecondsAlwaysPresent() {
    PixelEvent e = new PixelEvent(new TileId(0, 1), 42, 10, 20, 5, "guest-a", 1_795_852_800_000L);
    PixelHistoryHandler handler = new PixelHistoryHandler(() -> CANVAS, (x, y, limit, cursor) -> new TileHistory.Page(List.of(e), "abc"));
    APIGatewayV2HTTPResponse r = handler.handleRequest(get(Map.of("x", "10", "y", "20"), null), null);
    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(r.getBody()).isEqualTo("{\"x\":10,\"y\":20,\"placements\":[{\"seq\":42,\"color\":5,\"userId\":\"guest-a\","
        + "\"placedAt\":\"2026-11-28T08:00:00.000Z\"}],\"next\":\"abc\"}");
  }

  @Test
  void aRestoreInAPixelsHistoryIsMarkedWithItsModerationActionAndAPlacementIsNot() {
    TileId tile = new TileId(0, 1);
    PixelEvent restore = new PixelEvent(tile, 43, 10, 20, 5, "moderation", 1_795_852_900_000L, "act-k3x9");
    PixelEvent grief = new PixelEvent(tile, 42, 10, 20, 1, "guest-g", 1_795_852_800_000L);
    PixelHistoryHandler handler = new PixelHistoryHandler(() -> CANVAS,
        (x, y, limit, cursor) -> new TileHistory.Page(List.of(restore, grief), null));
    APIGatewayV2HTTPResponse r = handler.handleRequest(get(Map.of("x", "10", "y", "20"), null), null);
    assertThat(r.getBody()).isEqualTo("{\"x\":10,\"y\":20,\"placements\":["
        + "{\"seq\":43,\"color\":5,\"userId\":\"moderation\",\"placedAt\":\"2026-11-28T08:01:40.000Z\",\"moderation\":\"act-k3x9\"},"
        + "{\"seq\":42,\"color\":1,\"userId\":\"guest-g\",\"placedAt\":\"2026-11-28T08:00:00.000Z\"}],\"next\":null}");
  }

  @Test
  void badMissingOrOutOfRangeParametersAre400NotErrors() {
    PixelHistoryHandler handler = new PixelHistoryHandler(() -> CANVAS, (x, y, limit, cursor) -> {
      throw new IllegalArgumentException("malformed cursor");
    });
    for (Map<String, String> q : List.of(Map.of("y", "1"), Map.of("x", "1"), Map.of("x", "100", "y", "1"),
        Map.of("x", "-1", "y", "1"), Map.of("x", "a", "y", "1"), Map.of("x", "1", "y", "80"),
        Map.of("x", "1", "y", "1", "limit", "0"), Map.of("x", "1", "y", "1", "limit", "501"),
        Map.of("x", "1", "y", "1", "cursor", "garbage"))) {
      APIGatewayV2HTTPResponse r = handler.handleRequest(get(q, null), null);
      assertThat(r.getStatusCode()).as(q.toString()).isEqualTo(400);
      assertThat(r.getBody()).as(q.toString()).startsWith("{\"code\":\"BAD_REQUEST\",\"message\":\"");
    }
    assertThat(handler.handleRequest(get(null, null), null).getStatusCode()).isEqualTo(400);
  }

  @Test
  void userPlacementsCarryPositionsAndRejectBadIds() {
    PixelEvent e = new PixelEvent(new TileId(0, 1), 7, 3, 17, 2, "guest-b", 1_795_852_800_123L);
    UserPlacementsHandler handler = new UserPlacementsHandler((user, limit, cursor) -> new TileHistory.Page(List.of(e), null));
    APIGatewayV2HTTPResponse ok = handler.handleRequest(get(null, Map.of("userId", "guest-b")), null);
    assertThat(ok.getBody()).isEqualTo("{\"userId\":\"guest-b\",\"placements\":[{\"seq\":7,\"x\":3,\"y\":17,\"color\":2,"
        + "\"userId\":\"guest-b\",\"placedAt\":\"2026-11-28T08:00:00.123Z\"}],\"next\":null}");
    assertThat(handler.handleRequest(get(null, Map.of("userId", "a\"b")), null).getStatusCode()).isEqualTo(400);
    assertThat(handler.handleRequest(get(Map.of("limit", "x"), Map.of("userId", "u")), null).getStatusCode()).isEqualTo(400);
  }

  @Test
  void canvasAtAnswersAPngOfTheRectangleAsOfThatMoment() throws Exception {
    List<PixelEvent> events = List.of(new PixelEvent(new TileId(0, 0), 1, 2, 3, 5, "u", 1000),
        new PixelEvent(new TileId(0, 0), 2, 2, 3, 13, "u", 2000));
    CanvasAtHandler handler = new CanvasAtHandler(() -> CANVAS, () -> new MemoryHistory(16, events));
    APIGatewayV2HTTPResponse r = handler.handleRequest(get(Map.of("at", "1500", "x", "0", "y", "0", "w", "8", "h", "6"), null), null);
    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(r.getIsBase64Encoded()).isTrue();
    var png = ImageIO.read(new java.io.ByteArrayInputStream(Base64.getDecoder().decode(r.getBody())));
    assertThat(png.getWidth()).isEqualTo(8);
    assertThat(png.getRGB(2, 3) & 0xFFFFFF).isEqualTo(0xE50000); // colour 5 as of 1500, not 13
    assertThat(handler.handleRequest(get(Map.of("at", "noon"), null), null).getStatusCode()).isEqualTo(400);
    assertThat(handler.handleRequest(get(Map.of("x", "90", "w", "20"), null), null).getStatusCode()).isEqualTo(400);
  }

  @Test
  void timelapseSubmitAndStatus() {
    Map<String, JobStatus> store = new HashMap<>();
    List<TimelapseRequest> submitted = new ArrayList<>();
    TimelapseJobs jobs = new TimelapseJobs() {
      @Override
      public JobStatus submit(TimelapseRequest request) {
        submitted.add(request);
        JobStatus s = new JobStatus(request.id(), JobStatus.State.RUNNING, 40, null, null);
        store.put(request.id(), s);
        return s;
      }

      @Override
      public Optional<JobStatus> status(String id) {
        return Optional.ofNullable(store.get(id));
      }
    };
    TimelapseHandler handler = new TimelapseHandler(() -> CANVAS, () -> Optional.of(jobs));
    APIGatewayV2HTTPResponse accepted = handler.handleRequest(post(Map.of("from", "0", "to", "1000", "frames", "10")), null);
    assertThat(accepted.getStatusCode()).isEqualTo(202);
    String id = submitted.get(0).id();
    assertThat(accepted.getBody()).isEqualTo("{\"id\":\"" + id + "\",\"state\":\"RUNNING\",\"percent\":40,\"url\":null,\"error\":null}");
    assertThat(handler.handleRequest(get(null, Map.of("id", id)), null).getBody()).contains("\"percent\":40");
    assertThat(handler.handleRequest(get(null, Map.of("id", "0".repeat(32))), null).getStatusCode()).isEqualTo(404);
    assertThat(handler.handleRequest(get(null, Map.of("id", "../etc")), null).getStatusCode()).isEqualTo(400);
    assertThat(handler.handleRequest(post(Map.of("to", "5")), null).getStatusCode()).isEqualTo(400);
    assertThat(new TimelapseHandler(() -> CANVAS, Optional::empty).handleRequest(post(Map.of()), null).getStatusCode()).isEqualTo(503);
  }

  @Test
  void aTimelapseWithoutModerationIsItsOwnJobAndABadModerationValueIs400AndStartsNothing() throws Exception {
    List<TimelapseRequest> submitted = new ArrayList<>();
    TimelapseJobs jobs = new TimelapseJobs() {
      @Override
      public JobStatus submit(TimelapseRequest request) {
        submitted.add(request);
        return new JobStatus(request.id(), JobStatus.State.QUEUED, 0, null, null);
      }

      @Override
      public Optional<JobStatus> status(String id) {
        return Optional.empty();
      }
    };
    TimelapseHandler handler = new TimelapseHandler(() -> CANVAS, () -> Optional.of(jobs));
    APIGatewayV2HTTPResponse refused = handler.handleRequest(post(Map.of("from", "0", "to", "1000", "moderation", "off")), null);
    assertThat(refused.getStatusCode()).isEqualTo(400);
    assertThat(refused.getBody()).isEqualTo("{\"code\":\"BAD_REQUEST\",\"message\":\"moderation must be include or exclude\"}");
    assertThat(submitted).isEmpty();

    handler.handleRequest(post(Map.of("from", "0", "to", "1000")), null);
    APIGatewayV2HTTPResponse excluded = handler.handleRequest(post(Map.of("from", "0", "to", "1000", "moderation", "exclude")), null);
    assertThat(excluded.getStatusCode()).isEqualTo(202);
    assertThat(submitted).extracting(TimelapseRequest::moderation)
        .containsExactly(TimelapseRequest.Moderation.INCLUDE, TimelapseRequest.Moderation.EXCLUDE);
    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(excluded.getBody()).get("id").asText())
        .isEqualTo(submitted.get(1).id()).isNotEqualTo(submitted.get(0).id());
  }

  @Test
  void aTimelapseRunnerThatCannotBeReachedIsAnsweredAs503WithTheReason() {
    TimelapseJobs unreachable = new TimelapseJobs() {
      @Override
      public JobStatus submit(TimelapseRequest request) {
        throw new IllegalStateException("Unable to execute HTTP request: s3.amazonaws.com");
      }

      @Override
      public Optional<JobStatus> status(String id) {
        throw new IllegalStateException("Unable to execute HTTP request: s3.amazonaws.com");
      }
    };
    TimelapseHandler handler = new TimelapseHandler(() -> CANVAS, () -> Optional.of(unreachable));
    APIGatewayV2HTTPResponse submit = handler.handleRequest(post(Map.of("from", "0", "to", "1000")), null);
    assertThat(submit.getStatusCode()).isEqualTo(503);
    assertThat(submit.getBody()).isEqualTo(
        "{\"code\":\"UNAVAILABLE\",\"message\":\"the timelapse runner is unavailable: Unable to execute HTTP request: s3.amazonaws.com\"}");
    assertThat(handler.handleRequest(get(null, Map.of("id", "0".repeat(32))), null).getStatusCode()).isEqualTo(503);
    TimelapseHandler misconfigured = new TimelapseHandler(() -> CANVAS, () -> {
      throw new dev.place.shared.config.ConfigException("PLACE_TIMELAPSE_CLUSTER must be set for the AWS timelapse runner");
    });
    assertThat(misconfigured.handleRequest(post(Map.of("from", "0")), null).getBody()).contains("PLACE_TIMELAPSE_CLUSTER");
  }

  @Test
  void aRestoreWrittenByModerationShowsItsActionAndAPlacementShowsNone() {
    TileId tile = new TileId(0, 0);
    assertThat(HttpResponses.placement(new PixelEvent(tile, 7, 1, 2, 5, "moderation", 0, "act-9"), false))
        .isEqualTo("{\"seq\":7,\"color\":5,\"userId\":\"moderation\",\"placedAt\":\"1970-01-01T00:00:00.000Z\",\"moderation\":\"act-9\"}");
    assertThat(HttpResponses.placement(new PixelEvent(tile, 6, 1, 2, 5, "u-a", 0), false)).doesNotContain("moderation");
  }
}
