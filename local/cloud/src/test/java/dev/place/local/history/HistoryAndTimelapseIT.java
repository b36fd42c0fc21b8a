package dev.place.local.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.place.local.LocalCloud;
import dev.place.local.it.Guest;
import dev.place.local.it.SharedCloud;
import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.canvas.TileId;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.event.PixelEventCodec;
import dev.place.shared.history.CassandraSessions;
import dev.place.shared.history.TileHistory;
import dev.place.shared.kafka.KafkaSettings;
import dev.place.shared.redis.RedisCanvasStore;
import dev.place.shared.redis.RedisConnector;
import dev.place.shared.timelapse.FramePlan;
import dev.place.shared.timelapse.MemoryHistory;
import dev.place.shared.timelapse.Region;
import dev.place.shared.timelapse.Replays;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jcodec.api.FrameGrab;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.model.Picture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * History and timelapse on the shared local cloud: real placements through the WebSocket API, the
 * history writer on the MSK mapping, Cassandra, the HTTP routes and the in-process job runner.
 * Uses tile 7:7, which no other integration test writes to.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HistoryAndTimelapseIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final int X = 1850;
  private static final int Y = 1850;
  private static final int[] COLOURS = {5, 9, 13};

  private static LocalCloud cloud;
  private static PlaceConfig config;
  private static CanvasGeometry canvas;
  private static CqlSession session;
  private static TileHistory history;
  private static RedisConnector redis;
  private static final List<Placed> placed = new ArrayList<>();

  record Placed(String userId, long seq, int colour) {}

  @BeforeAll
  static void placeAKnownSequence() throws Exception {
    cloud = SharedCloud.get();
    config = cloud.config();
    canvas = new CanvasGeometry(config.canvasWidth(), config.canvasHeight(), config.tileSize());
    session = CassandraSessions.open(config);
    history = new TileHistory(session, config.tileSize());
    redis = new RedisConnector(config);
    // Three guests paint the same pixel in turn, a little apart so each has its own millisecond.
    for (int colour : COLOURS) {
      Guest.Placement p = Guest.place(cloud, X, Y, colour);
      placed.add(new Placed(p.userId(), p.seq(), colour));
      Thread.sleep(30);
    }
  }

  @AfterAll
  static void close() {
    session.close();
    redis.close();
  }

  @Test
  @Order(1)
  void everyPlacementOfAPixelNewestFirstInPages() throws Exception {
    JsonNode first = poll("/api/v1/pixel?x=" + X + "&y=" + Y + "&limit=2", n -> n.get("placements").size() == 2
        && n.get("placements").get(0).get("seq").asLong() == placed.get(2).seq());
    assertThat(first.get("x").asInt()).isEqualTo(X);
    assertThat(first.get("placements").get(0).get("color").asInt()).isEqualTo(13);
    assertThat(first.get("placements").get(0).get("userId").asText()).isEqualTo(placed.get(2).userId());
    assertThat(first.get("placements").get(0).get("placedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(first.get("placements").get(1).get("color").asInt()).isEqualTo(9);
    String next = first.get("next").asText();
    JsonNode second = getJson("/api/v1/pixel?x=" + X + "&y=" + Y + "&limit=2&cursor=" + next);
    assertThat(second.get("placements")).hasSize(1);
    assertThat(second.get("placements").get(0).get("seq").asLong()).isEqualTo(placed.get(0).seq());
    assertThat(second.get("next").isNull()).isTrue();

    HttpResponse<String> bad = get("/api/v1/pixel?x=" + X + "&y=99999");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).get("code").asText()).isEqualTo("BAD_REQUEST");
    assertThat(get("/api/v1/pixel?x=1&y=1&cursor=%21%21").statusCode()).isEqualTo(400);
  }

  @Test
  @Order(2)
  void everyPlacementOfAUserNewestFirstInPages() throws Exception {
    JsonNode own = poll("/api/v1/user/" + placed.get(1).userId() + "/placements", n -> n.get("placements").size() == 1);
    assertThat(own.get("placements").get(0).get("x").asInt()).isEqualTo(X);
    assertThat(own.get("placements").get(0).get("color").asInt()).isEqualTo(9);
    // Paging needs more placements than a cooldown allows in a test: rows written as the writer writes them.
    String user = "it-history-pager";
    for (int i = 1; i <= 5; i++) {
      session.execute("INSERT INTO user_placements (user_id, placed_at, tile, seq, x, y, color) VALUES (?, ?, ?, ?, ?, ?, ?)",
          user, Instant.ofEpochMilli(1_000_000L + i / 2 * 1000), "7:" + (i % 2), (long) i, i, i, (byte) i);
    }
    // A second placement in the same millisecond and tile as seq 4, so a page ends inside such a tie.
    session.execute("INSERT INTO user_placements (user_id, placed_at, tile, seq, x, y, color) VALUES (?, ?, ?, ?, ?, ?, ?)",
        user, Instant.ofEpochMilli(1_002_000L), "7:0", 6L, 6, 6, (byte) 6);
    List<Long> seqs = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      JsonNode page = getJson("/api/v1/user/" + user + "/placements?limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
      page.get("placements").forEach(p -> seqs.add(p.get("seq").asLong()));
      cursor = page.get("next").isNull() ? null : page.get("next").asText();
      pages++;
    } while (cursor != null && pages < 10);
    // Newest first: placed_at +2000 ms (tile 7:1 seq 5; tile 7:0 seq 6, 4), +1000 (7:1 seq 3, 7:0 seq 2),
    // +0 (seq 1). Pages of two end inside both kinds of tie: same millisecond and tile, same millisecond.
    assertThat(seqs).containsExactly(5L, 6L, 4L, 3L, 2L, 1L);
    assertThat(pages).isEqualTo(3);
  }

  @Test
  @Order(3)
  void canvasAsOfEachPlacementShowsThatPlacementsColour() throws Exception {
    List<Long> times = awaitPlacedAt();
    Region pixel = new Region(X, Y, 1, 1);
    assertThat(Replays.asOf(history, pixel, config.tileSize(), times.get(0) - 1)[0]).isZero();
    for (int i = 0; i < COLOURS.length; i++) {
      assertThat(Replays.asOf(history, pixel, config.tileSize(), times.get(i))[0]).as("as of placement %d", i).isEqualTo((byte) COLOURS[i]);
    }
    // The same through the HTTP route, as a PNG.
    HttpResponse<byte[]> png = HTTP.send(HttpRequest.newBuilder(cloud.httpUrl().resolve(
        "/api/v1/history/canvas.png?x=" + (X - 2) + "&y=" + (Y - 2) + "&w=5&h=5&at=" + times.get(1))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(png.statusCode()).isEqualTo(200);
    assertThat(png.headers().firstValue("content-type")).hasValue("image/png");
    var image = ImageIO.read(new ByteArrayInputStream(png.body()));
    assertThat(image.getWidth()).isEqualTo(5);
    assertThat(image.getRGB(2, 2) & 0xFFFFFF).isEqualTo(0x94E044); // colour 9
    assertThat(image.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
  }

  @Test
  @Order(4)
  void theLastFrameOfAWholeCanvasReplayIsTheRedisCanvasByteForByteFromCassandraAndFromKafka() throws Exception {
    awaitPlacedAt();
    RedisCanvasStore redisCanvas = new RedisCanvasStore(redis, canvas);
    Region whole = Region.whole(canvas);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    List<String> differing;
    byte[] last;
    // Other tests' events may still be on their way to Cassandra: poll until the history caught up.
    do {
      long now = System.currentTimeMillis() + 60_000;
      FramePlan plan = Replays.plan(history, whole, config.tileSize(), FramePlan.evenTimes(now - 3_600_000, now, 5));
      assertThat(plan.frames()).isEqualTo(5);
      last = plan.last();
      assertThat(last).hasSize(canvas.width() * canvas.height());
      differing = new ArrayList<>();
      for (TileId tile : canvas.allTiles()) {
        byte[] live = redisCanvas.snapshot(tile).pixels();
        if (!java.util.Arrays.equals(FramePlan.toTile(last, whole, config.tileSize(), tile, live), live)) {
          differing.add(tile.toString());
        }
        // toTile over a copy of the live tile leaves pixels outside the canvas as Redis has them;
        // inside it every pixel must match.
      }
    } while (!differing.isEmpty() && System.nanoTime() < deadline && sleep());
    assertThat(differing).as("tiles whose replay differs from Redis").isEmpty();

    // The Kafka log (duplicates and out-of-order entries included) replays to the same frames.
    List<PixelEvent> logged = kafkaEvents();
    long from = placed.isEmpty() ? 0 : awaitPlacedAt().get(0) - 1000;
    long to = awaitPlacedAt().get(2) + 1000;
    long[] times = FramePlan.evenTimes(from, to, 12);
    Region region = new Region(X - 40, Y - 40, 80, 80);
    List<byte[]> fromCassandra = frames(Replays.plan(history, region, config.tileSize(), times));
    List<byte[]> fromKafka = frames(Replays.plan(new MemoryHistory(config.tileSize(), logged), region, config.tileSize(), times));
    assertThat(fromCassandra).hasSize(12);
    for (int i = 0; i < 12; i++) {
      assertThat(fromKafka.get(i)).as("frame %d", i).isEqualTo(fromCassandra.get(i));
    }
    assertThat(fromCassandra.get(0)).isNotEqualTo(fromCassandra.get(11)); // the placements are in the range
  }

  @Test
  @Order(5)
  void aTimelapseJobReportsProgressServesAValidMp4FromTheCdnPathAndIsReusedWhenAskedAgain() throws Exception {
    List<Long> times = awaitPlacedAt();
    String query = "/api/v1/timelapse?x=" + (X - 50) + "&y=" + (Y - 50) + "&w=100&h=100&from=" + (times.get(0) - 2000)
        + "&to=" + (times.get(2) + 2000) + "&fps=30&frames=90&format=mp4";
    HttpResponse<String> submitted = HTTP.send(HttpRequest.newBuilder(cloud.httpUrl().resolve(query))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(submitted.statusCode()).isIn(200, 202);
    String id = JSON.readTree(submitted.body()).get("id").asText();
    List<Integer> percents = new ArrayList<>();
    JsonNode status;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    do {
      status = getJson("/api/v1/timelapse/" + id);
      percents.add(status.get("percent").asInt());
      assertThat(status.get("state").asText()).isNotEqualTo("FAILED");
    } while (!"DONE".equals(status.get("state").asText()) && System.nanoTime() < deadline && sleep());
    assertThat(status.get("state").asText()).isEqualTo("DONE");
    assertThat(percents).isSorted().last().isEqualTo(100);
    String url = status.get("url").asText();
    assertThat(url).startsWith(cloud.httpUrl() + "/timelapse/").endsWith(id + ".mp4");

    HttpResponse<byte[]> video = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(video.statusCode()).isEqualTo(200);
    Path file = Files.createTempFile("timelapse", ".mp4");
    Files.write(file, video.body());
    FrameGrab grab = FrameGrab.createFrameGrab(NIOUtils.readableChannel(file.toFile()));
    assertThat(grab.getVideoTrack().getMeta().getTotalFrames()).isEqualTo(90);
    Picture first = grab.getNativeFrame();
    assertThat(first.getWidth()).isGreaterThanOrEqualTo(100);
    Files.delete(file);

    HttpResponse<String> again = HTTP.send(HttpRequest.newBuilder(cloud.httpUrl().resolve(query))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(again.body()).get("url").asText()).isEqualTo(url);
    assertThat(JSON.readTree(again.body()).get("state").asText()).isEqualTo("DONE");
  }

  @Test
  @Order(5)
  void aTimelapseUpToAMomentStillToComeIsRefusedWithAReasonAndStartsNoJob() throws Exception {
    long now = System.currentTimeMillis();
    String query = "/api/v1/timelapse?x=0&y=0&w=16&h=16&from=" + (now - 60_000) + "&to=" + (now + 3_600_000) + "&frames=5";
    HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(cloud.httpUrl().resolve(query))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(refused.body()).get("code").asText()).isEqualTo("BAD_REQUEST");
    assertThat(JSON.readTree(refused.body()).get("message").asText()).contains("'to' is in the future");
  }

  @Test
  @Order(6)
  void asOfStartsFromTheNearestCheckpointWhichAReplayWrites() throws Exception {
    List<Long> times = awaitPlacedAt();
    int ts = config.tileSize();
    TileId tile = new TileId(X / ts, Y / ts);
    assertThat(placed).extracting(Placed::seq).as("tile 7:7 is this test's alone").containsExactly(1L, 2L, 3L);
    // Interval 2 instead of 10 000: a replay passing seq 2 writes that checkpoint (any checkpoint is
    // a real state of the tile, so leaving it in the shared cloud harms nobody).
    TileHistory everyTwo = new TileHistory(session, ts, 2);
    everyTwo.events(everyTwo.start(tile, Long.MAX_VALUE), System.currentTimeMillis());

    var checkpoint = everyTwo.start(tile, times.get(2));
    assertThat(checkpoint.seq()).isEqualTo(2);
    assertThat(dev.place.shared.canvas.TileCodec.get(checkpoint.pixels(), canvas.indexInTile(X, Y))).isEqualTo(9);
    assertThat(everyTwo.events(checkpoint, times.get(2)).size()).as("only events after the checkpoint are read").isEqualTo(1);
    assertThat(everyTwo.start(tile, times.get(1) - 1).seq()).as("before it, the blank seq-0 start").isZero();

    Region pixel = new Region(X, Y, 1, 1);
    for (int i = 0; i < COLOURS.length; i++) {
      assertThat(Replays.asOf(everyTwo, pixel, ts, times.get(i))[0]).isEqualTo((byte) COLOURS[i]);
    }
  }

  // ---- helpers

  private static boolean sleep() throws InterruptedException {
    Thread.sleep(200);
    return true;
  }

  private static List<byte[]> frames(FramePlan plan) throws Exception {
    List<byte[]> out = new ArrayList<>();
    plan.render((i, p) -> out.add(p.clone()));
    return out;
  }

  /** The placedAt of the three placements, once the history has them. */
  private static List<Long> awaitPlacedAt() throws Exception {
    JsonNode page = poll("/api/v1/pixel?x=" + X + "&y=" + Y + "&limit=3", n -> n.get("placements").size() == 3);
    List<Long> times = new ArrayList<>();
    for (int i = 2; i >= 0; i--) {
      times.add(Instant.parse(page.get("placements").get(i).get("placedAt").asText()).toEpochMilli());
    }
    return times;
  }

  private static List<PixelEvent> kafkaEvents() {
    List<PixelEvent> events = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaSettings.consumer(config, "it-history-replay"))) {
      List<TopicPartition> partitions = consumer.partitionsFor(config.kafkaTopic()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      var end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          events.add(PixelEventCodec.decode(r.value()));
        }
      }
    }
    return events;
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(cloud.httpUrl().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode getJson(String path) throws Exception {
    HttpResponse<String> r = get(path);
    assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static JsonNode poll(String path, java.util.function.Predicate<JsonNode> done) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    JsonNode n = getJson(path);
    while (!done.test(n)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still not there: " + path + " -> " + n);
      }
      Thread.sleep(100);
      n = getJson(path);
    }
    return n;
  }
}
