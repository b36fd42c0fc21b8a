package dev.place.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.place.shared.canvas.TileCodec;
import dev.place.shared.canvas.TileId;
import dev.place.shared.placement.CanvasStore.TileSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, nothing silently lost: a watcher whose PostToConnection calls take 700 ms (seven
 * intervals) gets fewer, bigger messages, with its backlog merged into coalesced runs, and still
 * ends byte for byte with Redis from its first snapshot alone: no gap, no resync, no refetch.
 */
class SlowWatcherConvergenceIT extends OnSharedCloud {

  private static final TileId TILE = new TileId(4, 1);
  private static final Duration POST_DELAY = Duration.ofMillis(700);

  @AfterEach
  void speedUp() {
    SlowPosts.reset();
  }

  @Test
  void aWatcherWithSlowPostsReceivesCoalescedRunsAndEndsIdenticalToRedisWithoutRefetching() throws Exception {
    try (TestClient watcher = TestClient.signIn(http, ws)) {
      watcher.request("{\"action\":\"hello\"}");
      String connectionId = Poll.until(() -> stores.registryConnectionOf(watcher.userId), id -> id != null,
          Duration.ofSeconds(5));
      SlowPosts.slowDown(connectionId, POST_DELAY);
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

      View view = new View(start.pixels().clone(), start.seq());
      while (view.seq < live.seq()) {
        long have = view.seq;
        JsonNode batch = watcher.await(m -> "batch".equals(m.path("type").asText()) && view.hasNews(m, have),
            Duration.ofSeconds(10)).message();
        view.apply(batch);
      }

      assertThat(view.problems).as("gaps or resyncs").isEmpty();
      assertThat(view.coalescedRuns).as("coalesced runs received").isPositive();
      assertThat(view.batches).as("messages to the slow watcher").isLessThan((int) (live.seq() - start.seq()));
      assertThat(view.pixels).as("slow watcher's tile").isEqualTo(live.pixels());
    }
  }

  /** One client's tile, updated by docs/protocol.md's rule for every run. */
  private final class View {
    final byte[] pixels;
    long seq;
    int batches;
    int coalescedRuns;
    final List<String> problems = new ArrayList<>();

    View(byte[] pixels, long seq) {
      this.pixels = pixels;
      this.seq = seq;
    }

    boolean hasNews(JsonNode batch, long have) {
      for (JsonNode run : batch.get("tiles")) {
        if (TILE.toString().equals(run.get("tile").asText()) && last(run) > have) {
          return true;
        }
      }
      return false;
    }

    void apply(JsonNode batch) {
      batches++;
      for (JsonNode run : batch.get("tiles")) {
        if (!TILE.toString().equals(run.get("tile").asText()) || last(run) <= seq) {
          continue;
        }
        long first = run.has("seq") ? run.get("seq").get(0).asLong() : run.get("from").asLong();
        if (first > seq + 1) {
          problems.add("gap: at " + seq + ", got " + run);
        }
        if (run.has("resync")) {
          problems.add("resync: " + run);
          continue;
        }
        if (run.has("from")) {
          coalescedRuns++;
        }
        JsonNode px = run.get("px");
        for (int k = 0; k < px.size(); k += 3) {
          TileCodec.set(pixels, stores.canvas.indexInTile(px.get(k).asInt(), px.get(k + 1).asInt()), px.get(k + 2).asInt());
        }
        seq = last(run);
      }
    }

    private long last(JsonNode run) {
      return run.has("seq") ? run.get("seq").get(run.get("seq").size() - 1).asLong() : run.get("to").asLong();
    }
  }
}
