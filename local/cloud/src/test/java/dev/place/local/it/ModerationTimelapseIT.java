package dev.place.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.event.PixelEventCodec;
import dev.place.shared.kafka.KafkaEventPublisher;
import dev.place.shared.redis.RedisCurrentCanvas;
import dev.place.shared.timelapse.PngWriter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;

/**
 * Timelapses with and without moderation on real engines, through the emulated HTTP API: a region is
 * painted, griefed and rolled back; rendered with moderation (the default) the timelapse ends on the
 * live canvas's pixels, rendered with {@code moderation=exclude} it ends on the griefed ones; the two
 * are different results, and a bad value is refused. Uses tile 1:6, which no other integration test
 * writes to.
 */
class ModerationTimelapseIT extends OnSharedCloud {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final int X0 = 300;
  private static final int Y0 = 1600;
  /** The rolled-back rectangle is 10x10 at (X0, Y0); the rendered region has one more column, a bystander's. */
  private static final int SIDE = 10;
  private static final int ARTIST = 5;
  private static final int GRIEF = 1;
  private static final int BYSTANDER = 9;

  private static String signIn(String user, String group) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(http.resolve("/api/v1/session"))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"idToken\":\"" + SignInIT.signInAtProvider(user, group) + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return TestClient.JSON.readTree(response.body()).get("token").asText();
  }

  private static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(http.resolve(path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A placement as the placement path makes it (tile script, then the log), without the cooldown. */
  private static void place(KafkaEventPublisher log, String user, int x, int y, int colour) {
    TileId tile = stores.canvas.tileOf(x, y);
    long now = System.currentTimeMillis();
    long seq = stores.canvasStore.writePixel(tile, stores.canvas.indexInTile(x, y), colour, PixelEventCodec.prefix(tile),
        PixelEventCodec.suffix(x, y, colour, user, now));
    assertThat(log.publish(tile, PixelEventCodec.encode(new PixelEvent(tile, seq, x, y, colour, user, now)), Duration.ofSeconds(10)))
        .isTrue();
    stores.canvasStore.forgetJournaled(tile, seq);
  }

  private static JsonNode json(HttpResponse<String> response) {
    try {
      return TestClient.JSON.readTree(response.body());
    } catch (Exception e) {
      throw new IllegalStateException(response.body(), e);
    }
  }

  private static JsonNode get(String path, String token) {
    try {
      return json(call("GET", path, token, null));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Submits a timelapse and waits until it is done; answers the last frame as palette indices, row-major. */
  private static byte[] lastFrame(String query) throws Exception {
    HttpResponse<String> submitted = call("POST", "/api/v1/timelapse?" + query, null, null);
    assertThat(submitted.statusCode()).as(submitted.body()).isIn(200, 202);
    String id = json(submitted).get("id").asText();
    // The worker renders no earlier than 5 s after 'to' and may wait for the history writer.
    JsonNode status = Poll.until(() -> get("/api/v1/timelapse/" + id, null),
        s -> s.get("state").asText().equals("DONE") || s.get("state").asText().equals("FAILED"), Duration.ofSeconds(90));
    assertThat(status.get("state").asText()).as(status.toString()).isEqualTo("DONE");
    HttpResponse<byte[]> gif = HTTP.send(HttpRequest.newBuilder(URI.create(status.get("url").asText())).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(gif.statusCode()).isEqualTo(200);
    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif.body()))) {
      reader.setInput(in);
      BufferedImage last = reader.read(reader.getNumImages(true) - 1);
      int[] palette = PngWriter.rgb();
      byte[] pixels = new byte[last.getWidth() * last.getHeight()];
      for (int y = 0; y < last.getHeight(); y++) {
        for (int x = 0; x < last.getWidth(); x++) {
          int rgb = last.getRGB(x, y) & 0xFFFFFF;
          int colour = java.util.stream.IntStream.range(0, palette.length).filter(c -> palette[c] == rgb).findFirst().orElse(-1);
          assertThat(colour).as("(%d, %d) is a palette colour", x, y).isNotNegative();
          pixels[y * last.getWidth() + x] = (byte) colour;
        }
      }
      return pixels;
    } finally {
      reader.dispose();
    }
  }

  @Test
  void withModerationATimelapseEndsOnTheLiveCanvasAndWithoutItOnTheGrief() throws Exception {
    String moderator = signIn("mod-tilda", "moderators");
    long from = System.currentTimeMillis() - 1_000;
    String action;
    try (KafkaEventPublisher log = new KafkaEventPublisher(cloud.config())) {
      for (int y = Y0; y < Y0 + SIDE; y++) {
        for (int x = X0; x < X0 + SIDE; x++) {
          place(log, "it-tl-artist", x, y, ARTIST);
        }
      }
      Thread.sleep(20);
      long to = System.currentTimeMillis();
      Thread.sleep(20);
      for (int y = Y0; y < Y0 + SIDE; y++) {
        for (int x = X0; x < X0 + SIDE; x++) {
          place(log, "it-tl-griefer", x, y, GRIEF);
        }
        place(log, "it-tl-bystander", X0 + SIDE, y, BYSTANDER); // beside the rectangle: no rollback touches it
      }
      HttpResponse<String> started = call("POST", "/api/v1/mod/rollbacks", moderator,
          "{\"x\":" + X0 + ",\"y\":" + Y0 + ",\"w\":" + SIDE + ",\"h\":" + SIDE + ",\"to\":" + to + ",\"reason\":\"grief\"}");
      assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
      action = json(started).get("action").get("id").asText();
      String id = action;
      JsonNode done = Poll.until(() -> get("/api/v1/mod/actions/" + id, moderator).get("action"),
          a -> a.get("state").asText().equals("done") || a.get("state").asText().equals("failed"), Duration.ofSeconds(60));
      assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("done");
      assertThat(done.get("pixelsChanged").asInt()).isEqualTo(SIDE * SIDE);
    }
    // The pixel history marks the restore with its action; the griefer's placement below it is unmarked.
    JsonNode history = Poll.until(() -> get("/api/v1/pixel?x=" + X0 + "&y=" + Y0 + "&limit=2", null),
        h -> h.get("placements").size() == 2 && h.get("placements").get(0).has("moderation"), Duration.ofSeconds(30));
    assertThat(history.get("placements").get(0).get("moderation").asText()).isEqualTo(action);
    assertThat(history.get("placements").get(0).get("color").asInt()).isEqualTo(ARTIST);
    assertThat(history.get("placements").get(1).get("userId").asText()).isEqualTo("it-tl-griefer");
    assertThat(history.get("placements").get(1).has("moderation")).isFalse();

    long end = System.currentTimeMillis() + 1;
    while (System.currentTimeMillis() <= end) {
      Thread.sleep(1); // 'to' strictly in the past: a timelapse refuses the future
    }
    int width = SIDE + 1;
    String query = "x=" + X0 + "&y=" + Y0 + "&w=" + width + "&h=" + SIDE + "&from=" + from + "&to=" + end
        + "&fps=10&frames=6&format=gif";

    HttpResponse<String> bad = call("POST", "/api/v1/timelapse?" + query + "&moderation=hide", null, null);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("code").asText()).isEqualTo("BAD_REQUEST");
    assertThat(json(bad).get("message").asText()).isEqualTo("moderation must be include or exclude");
    String includedId = json(call("POST", "/api/v1/timelapse?" + query + "&moderation=include", null, null)).get("id").asText();
    String excludedId = json(call("POST", "/api/v1/timelapse?" + query + "&moderation=exclude", null, null)).get("id").asText();
    assertThat(excludedId).as("two different results").isNotEqualTo(includedId);
    assertThat(json(call("POST", "/api/v1/timelapse?" + query, null, null)).get("id").asText()).as("include is the default")
        .isEqualTo(includedId);

    byte[] with = lastFrame(query); // the default: with moderation
    byte[] without = lastFrame(query + "&moderation=exclude");
    RedisCurrentCanvas live = new RedisCurrentCanvas(stores.canvasStore, stores.canvas);
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < width; x++) {
        int i = y * width + x;
        boolean rolledBack = x < SIDE;
        assertThat(with[i]).as("with moderation, (%d, %d) is the live canvas", X0 + x, Y0 + y)
            .isEqualTo((byte) live.colourAt(X0 + x, Y0 + y));
        assertThat(with[i]).isEqualTo((byte) (rolledBack ? ARTIST : BYSTANDER));
        assertThat(without[i]).as("without moderation, (%d, %d) is what users placed last", X0 + x, Y0 + y)
            .isEqualTo((byte) (rolledBack ? GRIEF : BYSTANDER));
      }
    }
  }
}
