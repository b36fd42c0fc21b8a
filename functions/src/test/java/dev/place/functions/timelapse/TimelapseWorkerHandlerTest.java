package dev.place.functions.timelapse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.timelapse.DirectoryJobStore;
import dev.place.shared.timelapse.JobJson;
import dev.place.shared.timelapse.MemoryHistory;
import dev.place.shared.timelapse.TimelapseRequest;
import dev.place.shared.timelapse.TimelapseWorker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelapseWorkerHandlerTest {

  private static final int TILE = 32;

  private static MemoryHistory history() {
    List<PixelEvent> events = new ArrayList<>();
    long start = 1764316800000L;
    for (int i = 0; i < 200; i++) {
      int x = i % 64;
      int y = (i * 7) % 48;
      TileId tile = new TileId(x / TILE, y / TILE);
      long seq = events.stream().filter(e -> e.tile().equals(tile)).count() + 1;
      events.add(new PixelEvent(tile, seq, x, y, 1 + i % 15, "u", start + i * 10_000L));
    }
    return new MemoryHistory(TILE, events);
  }

  @Test
  void theSampleInvocationRendersThePublishedResultAndAnswersItsFinalStatus(@TempDir Path dir) throws Exception {
    DirectoryJobStore store = new DirectoryJobStore(dir.resolve("results"), dir.resolve("jobs"), "https://cdn/timelapse");
    TimelapseWorkerHandler handler = new TimelapseWorkerHandler(
        () -> new TimelapseWorker(history(), TILE, store, 2, 1_000, System::currentTimeMillis));
    byte[] event;
    try (InputStream in = getClass().getResourceAsStream("/events/timelapse-worker.json")) {
      event = in.readAllBytes();
    }
    TimelapseRequest request = JobJson.request(new String(event, StandardCharsets.UTF_8));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    handler.handleRequest(new ByteArrayInputStream(event), out, null);

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"" + request.id()
        + "\",\"state\":\"DONE\",\"percent\":100,\"url\":\"https://cdn/timelapse/" + request.id() + ".mp4\",\"error\":null}");
    byte[] mp4 = Files.readAllBytes(dir.resolve("results").resolve(request.id() + ".mp4"));
    assertThat(new String(mp4, 4, 4, StandardCharsets.US_ASCII)).isEqualTo("ftyp");
  }

  @Test
  void aMalformedInvocationIsAnsweredWithTheReasonAndStartsNothing(@TempDir Path dir) throws Exception {
    TimelapseWorkerHandler handler = new TimelapseWorkerHandler(() -> {
      throw new AssertionError("no worker for a malformed job");
    });
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    handler.handleRequest(new ByteArrayInputStream("{\"v\":1,\"x\":0}".getBytes(StandardCharsets.UTF_8)), out, null);

    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"missing 'format'\"}");
  }
}
