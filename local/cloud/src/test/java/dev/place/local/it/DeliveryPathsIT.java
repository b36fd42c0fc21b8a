package dev.place.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.canvas.TileId;
import dev.place.shared.delivery.TileRun;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One protocol, two delivery paths: watchers through API Gateway and on the edge, in JSON and in
 * binary, receive the same updates in the same order and end with the Redis tile byte for byte; a
 * watcher that subscribed elsewhere receives none of them.
 */
class DeliveryPathsIT extends OnSharedCloud {

  private static final TileId TILE = new TileId(6, 5);
  private static final TileId ELSEWHERE = new TileId(0, 7);

  @Test
  void edgeAndApiGatewayWatchersInEitherEncodingSeeTheSameUpdatesAndTheRedisTile() throws Exception {
    URI edge = cloud.edgeUrl();
    TestClient.Session session = TestClient.newSession(http);
    int tileSize = cloud.config().tileSize();
    try (RunWatcher gatewayJson = new RunWatcher(ws, session.token(), tileSize);
        RunWatcher gatewayBinary = new RunWatcher(ws, session.token(), tileSize);
        RunWatcher edgeJson = new RunWatcher(edge, session.token(), tileSize);
        RunWatcher edgeBinary = new RunWatcher(edge, session.token(), tileSize);
        RunWatcher edgeElsewhere = new RunWatcher(edge, session.token(), tileSize)) {
      assertThat(gatewayJson.request("{\"action\":\"hello\"}").get("encoding").asText()).isEqualTo("json");
      assertThat(gatewayBinary.request("{\"action\":\"hello\",\"encoding\":\"binary\"}").get("encoding").asText()).isEqualTo("binary");
      assertThat(edgeJson.request("{\"action\":\"hello\"}").get("encoding").asText()).isEqualTo("json");
      assertThat(edgeBinary.request("{\"action\":\"hello\",\"encoding\":\"binary\",\"id\":\"e\"}").get("id").asText()).isEqualTo("e");
      edgeElsewhere.request("{\"action\":\"hello\",\"encoding\":\"binary\"}");
      assertThat(edgeElsewhere.request("{\"action\":\"subscribe\",\"area\":[0,7,0,7]}").get("type").asText()).isEqualTo("subscribed");
      // Subscriptions apply from the next interval on.
      Thread.sleep(300);

      var before = stores.canvasStore.snapshot(TILE);
      int baseX = TILE.tx() * tileSize;
      int baseY = TILE.ty() * tileSize;
      long last = 0;
      for (int i = 0; i < 12; i++) {
        // Five pixels painted over and over, so the order of the updates decides the tile.
        last = Guest.place(cloud, baseX + 10 + i % 5, baseY + 20, 1 + i % 15).seq();
      }
      long elsewhere = Guest.place(cloud, ELSEWHERE.tx() * tileSize + 3, ELSEWHERE.ty() * tileSize + 4, 9).seq();

      List<RunWatcher> all = List.of(gatewayJson, gatewayBinary, edgeJson, edgeBinary);
      long target = last;
      Poll.until(() -> all.stream().allMatch(w -> w.highestSeq(TILE) >= target), ok -> ok, Duration.ofSeconds(15));
      Poll.until(() -> edgeElsewhere.highestSeq(ELSEWHERE) >= elsewhere, ok -> ok, Duration.ofSeconds(15));

      byte[] redis = stores.canvasStore.snapshot(TILE).pixels();
      Map<Long, Integer> reference = bySequence(edgeBinary);
      for (RunWatcher watcher : all) {
        assertThat(watcher.view(TILE, before.seq(), before.pixels())).as("the view of every watcher is the Redis tile").isEqualTo(redis);
        // Where both got a placement one by one (nobody lagged), it is the same pixel at the same sequence.
        bySequence(watcher).forEach((seq, pixel) -> {
          if (seq > before.seq() && reference.containsKey(seq)) {
            assertThat(pixel).as("seq %d", seq).isEqualTo(reference.get(seq));
          }
        });
      }
      assertThat(reference).as("the edge watcher kept up and got every placement one by one").hasSizeGreaterThanOrEqualTo(12);
      assertThat(edgeElsewhere.highestSeq(TILE)).as("a watcher subscribed elsewhere gets none of the tile").isZero();
    }
  }

  private static Map<Long, Integer> bySequence(RunWatcher watcher) {
    Map<Long, Integer> pixels = new HashMap<>();
    for (TileRun run : watcher.runs) {
      if (run.tile().equals(TILE) && run.kind() == TileRun.Kind.SEQUENCE) {
        for (int i = 0; i < run.size(); i++) {
          pixels.put(run.firstSeq() + i, run.pixels()[i]);
        }
      }
    }
    return pixels;
  }
}
