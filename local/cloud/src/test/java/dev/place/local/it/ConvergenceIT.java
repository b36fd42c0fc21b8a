package dev.place.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.place.local.LocalCloud;
import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.canvas.TileCodec;
import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.placement.CanvasStore.TileSnapshot;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Invariant 2: replaying the Kafka log or the Cassandra history in sequence order reproduces the
 * Redis tile byte for byte, and a client that loads a snapshot mid-stream and applies the updates
 * after its watermark ends identical too.
 */
class ConvergenceIT {

  private static final TileId TILE = new TileId(3, 3);

  @Test
  void historyKafkaAndASnapshotPlusUpdatesAllReproduceTheRedisTile() throws Exception {
    LocalCloud cloud = SharedCloud.get();
    try (Stores stores = new Stores(cloud.config());
        TestClient watcher = TestClient.signIn(cloud.httpUrl(), cloud.webSocketUrl())) {
      CanvasGeometry canvas = stores.canvas;
      watcher.request("{\"action\":\"hello\"}");
      TileSnapshot midway = null;
      long lastSeq = 0;
      for (int i = 0; i < 24; i++) {
        if (i == 10) {
          midway = stores.canvasStore.snapshot(TILE);
        }
        try (TestClient painter = TestClient.signIn(cloud.httpUrl(), cloud.webSocketUrl())) {
          // Seven pixels painted over and over: the order of writes decides the final colours.
          JsonNode placed = painter.request("{\"action\":\"place\",\"x\":" + (800 + i % 7) + ",\"y\":" + (790 + i % 3)
              + ",\"color\":" + (1 + i % 15) + "}");
          assertThat(placed.get("type").asText()).isEqualTo("placed");
          lastSeq = placed.get("seq").asLong();
        }
      }
      TileSnapshot live = stores.canvasStore.snapshot(TILE);
      assertThat(live.seq()).isEqualTo(lastSeq);

      byte[] fromClient = midway.pixels().clone();
      long watermark = midway.seq();
      long applied = watermark;
      while (applied < live.seq()) {
        long have = applied;
        JsonNode batch = watcher.await(m -> "batch".equals(m.path("type").asText()) && hasTileAfter(m, have), Duration.ofSeconds(5)).message();
        for (JsonNode t : batch.get("tiles")) {
          if (!TILE.toString().equals(t.get("tile").asText())) {
            continue;
          }
          for (int k = 0; k < t.get("seq").size(); k++) {
            long seq = t.get("seq").get(k).asLong();
            if (seq <= applied) {
              continue;
            }
            assertThat(seq).as("no gap in the updates").isEqualTo(applied + 1);
            JsonNode px = t.get("px");
            TileCodec.set(fromClient, canvas.indexInTile(px.get(3 * k).asInt(), px.get(3 * k + 1).asInt()), px.get(3 * k + 2).asInt());
            applied = seq;
          }
        }
      }
      assertThat(fromClient).as("snapshot + updates").isEqualTo(live.pixels());

      List<PixelEvent> kafka = stores.kafkaEvents(events -> events.stream().filter(e -> e.tile().equals(TILE)).count() >= live.seq(),
          Duration.ofSeconds(20)).stream().filter(e -> e.tile().equals(TILE)).toList();
      assertThat(replay(canvas, kafka, live.seq())).as("Kafka replay").isEqualTo(live.pixels());

      LocalDate today = LocalDate.now(ZoneOffset.UTC);
      List<PixelEvent> cassandra = Poll.until(() -> {
        List<PixelEvent> all = new ArrayList<>(stores.history.tileDay(TILE, today.minusDays(1)));
        all.addAll(stores.history.tileDay(TILE, today));
        return all;
      }, rows -> rows.size() >= live.seq(), Duration.ofSeconds(30));
      assertThat(replay(canvas, cassandra, live.seq())).as("Cassandra replay").isEqualTo(live.pixels());
    }
  }

  private static boolean hasTileAfter(JsonNode batch, long seq) {
    for (JsonNode t : batch.get("tiles")) {
      if (TILE.toString().equals(t.get("tile").asText())) {
        for (JsonNode s : t.get("seq")) {
          if (s.asLong() > seq) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Applies each sequence once, in order, to a blank tile; every sequence 1..last must be present. */
  private static byte[] replay(CanvasGeometry canvas, List<PixelEvent> events, long last) {
    List<PixelEvent> ordered = events.stream().sorted(Comparator.comparingLong(PixelEvent::seq)).distinct().toList();
    assertThat(ordered).extracting(PixelEvent::seq).doesNotHaveDuplicates().hasSize((int) last);
    byte[] tile = new byte[canvas.tileBytes()];
    for (PixelEvent e : ordered) {
      TileCodec.set(tile, canvas.indexInTile(e.x(), e.y()), e.colour());
    }
    return tile;
  }
}
