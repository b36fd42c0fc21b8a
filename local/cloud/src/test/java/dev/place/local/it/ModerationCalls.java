package dev.place.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.place.shared.canvas.Palette;
import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.event.PixelEventCodec;
import dev.place.shared.kafka.KafkaEventPublisher;
import dev.place.shared.placement.CanvasStore;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * What the canvas-moderation tests (RollbackIT, RevertIT) share: moderator sign-in, the HTTP routes,
 * placements made as the placement path makes them, and the checks every action is followed by
 * (watchers, history, audit log). Waits are generous: the machine is shared.
 */
abstract class ModerationCalls extends OnSharedCloud {

  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final Duration WAIT = Duration.ofSeconds(60);

  /** A session from the local OpenID Connect provider, in {@code group} ("" for a plain user). */
  static JsonNode session(String user, String group) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(http.resolve("/api/v1/session"))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"idToken\":\"" + SignInIT.signInAtProvider(user, group) + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return TestClient.JSON.readTree(response.body());
  }

  static String signIn(String user, String group) throws Exception {
    return session(user, group).get("token").asText();
  }

  static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(http.resolve(path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Starts a rollback, revert or undo ({@code 202}) and answers its id. */
  static String start(String token, String path, String body) throws Exception {
    HttpResponse<String> started = call("POST", path, token, body);
    assertThat(started.statusCode()).as(path + " " + body + " -> " + started.body()).isEqualTo(202);
    return TestClient.JSON.readTree(started.body()).get("action").get("id").asText();
  }

  /** A placement as the placement path makes it (tile script, then the log), without the cooldown; answers its sequence. */
  static long place(KafkaEventPublisher log, String user, int x, int y, int colour) {
    TileId tile = stores.canvas.tileOf(x, y);
    long now = System.currentTimeMillis();
    long seq = stores.canvasStore.writePixel(tile, stores.canvas.indexInTile(x, y), colour, PixelEventCodec.prefix(tile),
        PixelEventCodec.suffix(x, y, colour, user, now));
    assertThat(log.publish(tile, PixelEventCodec.encode(new PixelEvent(tile, seq, x, y, colour, user, now)), Duration.ofSeconds(10)))
        .isTrue();
    stores.canvasStore.forgetJournaled(tile, seq);
    return seq;
  }

  static int pixel(int x, int y) {
    return new dev.place.shared.redis.RedisCurrentCanvas(stores.canvasStore, stores.canvas).colourAt(x, y);
  }

  /** The Redis colours of {@code count} pixels from (x, y) to the right. */
  static List<Integer> row(int x, int y, int count) {
    List<Integer> colours = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      colours.add(pixel(x + i, y));
    }
    return colours;
  }

  static JsonNode awaitDone(String token, String id) throws Exception {
    return Poll.until(() -> action(token, id),
        a -> a.get("state").asText().equals("done") || a.get("state").asText().equals("failed"), WAIT);
  }

  static JsonNode action(String token, String id) {
    try {
      return TestClient.JSON.readTree(call("GET", "/api/v1/mod/actions/" + id, token, null).body()).get("action");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static void assertWatcherSeesRedis(RunWatcher watcher, TileId tile, CanvasStore.TileSnapshot before) throws Exception {
    var now = stores.canvasStore.snapshot(tile);
    Poll.until(() -> watcher.highestSeq(tile) >= now.seq(), ok -> ok, WAIT);
    assertThat(watcher.view(tile, before.seq(), before.pixels())).as("the watcher's view is the Redis tile")
        .isEqualTo(stores.canvasStore.snapshot(tile).pixels());
  }

  /** The pixel's newest history entry once it is the restore written by {@code actionId} (GET /api/v1/pixel). */
  static JsonNode awaitRestoreInHistory(int x, int y, String actionId) throws Exception {
    return Poll.until(() -> {
      try {
        HttpResponse<String> r = call("GET", "/api/v1/pixel?x=" + x + "&y=" + y + "&limit=5", null, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TestClient.JSON.readTree(r.body()).get("placements").path(0);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, p -> actionId.equals(p.path("moderation").asText(null)), WAIT);
  }

  /**
   * The audit log's entry of the action once it counts the pixels it changed: the entry is written
   * before the action is applied and again, same id, when it is done.
   */
  static JsonNode awaitAuditEntry(String token, String id) throws Exception {
    return Poll.until(() -> {
      try {
        List<JsonNode> mine = new ArrayList<>();
        TestClient.JSON.readTree(call("GET", "/api/v1/mod/audit?limit=100", token, null).body()).get("entries").forEach(e -> {
          if (e.get("id").asText().equals(id)) {
            mine.add(e);
          }
        });
        assertThat(mine).as("one audit entry per action").hasSizeLessThanOrEqualTo(1);
        return mine.isEmpty() ? null : mine.get(0);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, e -> e != null && e.get("changes").path("state").asText().equals("done"), WAIT);
  }

  /**
   * The colours of {@code count} pixels from (x, y) to the right as the history route renders the
   * canvas now (GET /api/v1/history/canvas.png), once they equal Redis's: history replays to the canvas.
   */
  static List<Integer> awaitHistoryCanvasIsRedis(int x, int y, int count) throws Exception {
    List<Integer> redis = row(x, y, count);
    return Poll.until(() -> {
      try {
        HttpResponse<byte[]> png = HTTP.send(HttpRequest.newBuilder(http.resolve(
            "/api/v1/history/canvas.png?x=" + x + "&y=" + y + "&w=" + count + "&h=1")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(png.statusCode()).isEqualTo(200);
        return pngColours(png.body());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, redis::equals, WAIT);
  }

  /** The palette indexes of a PNG's pixels, row by row (-1 for a colour not in the palette). */
  static List<Integer> pngColours(byte[] png) throws Exception {
    var image = ImageIO.read(new ByteArrayInputStream(png));
    List<Integer> colours = new ArrayList<>(image.getWidth() * image.getHeight());
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        colours.add(Palette.COLOURS.indexOf(String.format("#%06X", image.getRGB(x, y) & 0xFFFFFF)));
      }
    }
    return colours;
  }

  /**
   * Replaying the event log reproduces the tile byte for byte, moderation restores included: every
   * sequence number up to Redis's is in the log (once a restore is published), and applying them in
   * order gives Redis's pixels.
   */
  static void assertLogReplayIsRedis(TileId tile) throws Exception {
    CanvasStore.TileSnapshot redis = stores.canvasStore.snapshot(tile);
    java.util.TreeMap<Long, PixelEvent> events = Poll.until(() -> {
      java.util.TreeMap<Long, PixelEvent> bySeq = new java.util.TreeMap<>();
      dev.place.shared.history.EventLogReplay.read(stores.config, dev.place.shared.history.EventLogReplay.Start.BEGINNING,
          batch -> batch.stream().filter(e -> e.tile().equals(tile) && e.seq() <= redis.seq()).forEach(e -> bySeq.put(e.seq(), e)),
          progress -> {});
      return bySeq;
    }, bySeq -> bySeq.size() == redis.seq(), WAIT);
    int tileBytes = stores.canvas.tileSize() * stores.canvas.tileSize() / 2;
    byte[] replayed = new byte[tileBytes];
    for (PixelEvent e : events.values()) {
      dev.place.shared.canvas.TileCodec.set(replayed, stores.canvas.indexInTile(e.x(), e.y()), e.colour());
    }
    assertThat(events.values()).as("the log holds moderation restores").anyMatch(PixelEvent::isModeration);
    assertThat(replayed).as("the log replayed is the Redis tile " + tile)
        .isEqualTo(dev.place.shared.canvas.TileCodec.normalise(redis.pixels(), tileBytes));
  }
}
