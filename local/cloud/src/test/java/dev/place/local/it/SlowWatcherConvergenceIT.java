package dev.place.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.place.shared.canvas.TileCodec;
import dev.place.shared.canvas.TileId;
import dev.place.shared.delivery.BinaryBatchCodec;
import dev.place.shared.delivery.TileRun;
import dev.place.shared.placement.CanvasStore.TileSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, nothing silently lost: watchers whose PostToConnection calls take 700 ms (seven
 * intervals) get fewer, bigger messages, their backlog merged into coalesced runs, and still end
 * byte for byte with Redis from their first snapshot alone: no gap, no resync, no refetch. One reads
 * JSON batches, the other binary ones (base64 text through API Gateway).
 */
class SlowWatcherConvergenceIT extends OnSharedCloud {

  private static final TileId TILE = new TileId(4, 1);
  private static final Duration POST_DELAY = Duration.ofMillis(700);

  @AfterEach
  void speedUp() {
    SlowPosts.reset();
  }

  @Test
  void watchersWithSlowPostsReceiveCoalescedRunsAndEndIdenticalToRedisWithoutRefetching() throws Exception {
    try (TestClient json = TestClient.signIn(http, ws); TestClient binary = TestClient.signIn(http, ws)) {
      assertThat(json.request("{\"action\":\"hello\"}").get("encoding").asText()).isEqualTo("json");
      assertThat(binary.request("{\"action\":\"hello\",\"encoding\":\"binary\"}").get("encoding").asText()).isEqualTo("binary");
      for (TestClient watcher : List.of(json, binary)) {
        SlowPosts.slowDown(Poll.until(() -> stores.registryConnectionOf(watcher.userId), id -> id != null,
            Duration.ofSeconds(5)), POST_DELAY);
      }
      TileSnapshot start = stores.canvasStore.snapshot(TILE);

      long lastSeq = 0;
      for (int i = 0; i < 30; i++) {
        try (TestClient painter = TestClient.signIn(http, ws)) {
          // Seven pixels painted over and over: only the newest colour of each may survive a merge.
          JsonNode placed = painter.request("{\"action\":\"place\",\"x\":" + (1100 + i % 7) + ",\"y\":" + (300 + i % 3)
              + ",\"color\":" + (1 + i % 15) + "}");
          assertThat(placed.get("type").asText()).isEqualTo("placed");
          lastSeq = placed.get("seq").asLong();
        }
      }
      TileSnapshot live = stores.canvasStore.snapshot(TILE);
      assertThat(live.seq()).isEqualTo(lastSeq);

      for (TestClient watcher : List.of(json, binary)) {
        View view = new View(start.pixels().clone(), start.seq());
        while (view.seq < live.seq()) {
          long have = view.seq;
          JsonNode message = watcher.await(m -> view.hasNews(runsOf(m), have), Duration.ofSeconds(10)).message();
          view.batches++;
          view.apply(runsOf(message));
        }
        String who = watcher == json ? "JSON watcher" : "binary watcher";
        assertThat(view.problems).as("%s: gaps or resyncs", who).isEmpty();
        assertThat(view.coalescedRuns).as("%s: coalesced runs received", who).isPositive();
        assertThat(view.batches).as("%s: messages", who).isLessThan((int) (live.seq() - start.seq()));
        assertThat(view.pixels).as("%s: tile", who).isEqualTo(live.pixels());
      }
    }
  }

  /** The runs of a batch, JSON or binary (a base64 text frame, which the test client cannot parse as JSON). */
  private List<TileRun> runsOf(JsonNode message) {
    if ("unparseable".equals(message.path("type").asText())) {
      return new BinaryBatchCodec(stores.canvas.tileSize()).decode(Base64.getDecoder().decode(message.get("raw").asText()));
    }
    List<TileRun> runs = new ArrayList<>();
    if (!"batch".equals(message.path("type").asText())) {
      return runs;
    }
    for (JsonNode run : message.get("tiles")) {
      String[] key = run.get("tile").asText().split(":");
      TileId tile = new TileId(Integer.parseInt(key[0]), Integer.parseInt(key[1]));
      JsonNode px = run.path("px");
      int[] pixels = new int[px.size() / 3];
      for (int k = 0; k < pixels.length; k++) {
        pixels[k] = TileRun.pixel(stores.canvas.indexInTile(px.get(3 * k).asInt(), px.get(3 * k + 1).asInt()),
            px.get(3 * k + 2).asInt());
      }
      if (run.has("seq")) {
        runs.add(TileRun.sequence(tile, run.get("seq").get(0).asLong(), pixels));
      } else if (run.has("resync")) {
        runs.add(TileRun.resync(tile, run.get("from").asLong(), run.get("to").asLong()));
      } else {
        runs.add(TileRun.coalesced(tile, run.get("from").asLong(), run.get("to").asLong(), pixels));
      }
    }
    return runs;
  }

  /** One client's tile, updated by docs/protocol.md's rule for every run. */
  private static final class View {
    final byte[] pixels;
    long seq;
    int batches;
    int coalescedRuns;
    final List<String> problems = new ArrayList<>();

    View(byte[] pixels, long seq) {
      this.pixels = pixels;
      this.seq = seq;
    }

    boolean hasNews(List<TileRun> runs, long have) {
      return runs.stream().anyMatch(r -> r.tile().equals(TILE) && r.lastSeq() > have);
    }

    void apply(List<TileRun> runs) {
      for (TileRun run : runs) {
        if (!run.tile().equals(TILE) || run.lastSeq() <= seq) {
          continue;
        }
        if (run.firstSeq() > seq + 1) {
          problems.add("gap: at " + seq + ", got " + run);
        }
        if (run.kind() == TileRun.Kind.RESYNC) {
          problems.add("resync: " + run);
          continue;
        }
        if (run.kind() == TileRun.Kind.COALESCED) {
          coalescedRuns++;
        }
        for (int p : run.pixels()) {
          TileCodec.set(pixels, TileRun.indexOf(p), TileRun.colourOf(p));
        }
        seq = run.lastSeq();
      }
    }
  }
}
