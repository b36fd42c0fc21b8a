package dev.place.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.kafka.KafkaEventPublisher;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Rollbacks and undo end to end on real engines, through the emulated HTTP API: a griefed region is
 * restored exactly, a pixel placed after the action's moment stays, a watcher's view equals Redis
 * after each action, history holds the moderation-marked restores, the audit log counts the pixels,
 * and users and strangers are refused.
 */
class RollbackIT extends ModerationCalls {

  private static final int X0 = 1100;
  private static final int Y0 = 1700;

  @Test
  void aGriefedRegionIsRolledBackExactlyKeepsWhatCameAfterAndAnUndoBringsTheGriefBack() throws Exception {
    String moderator = signIn("mod-rolf", "moderators");
    String user = signIn("rolf-user", "");
    TileId tile = stores.canvas.tileOf(X0, Y0);
    String rollback = "{\"x\":" + X0 + ",\"y\":" + Y0 + ",\"w\":20,\"h\":20,\"to\":%d,\"reason\":\"grief\"}";
    try (KafkaEventPublisher log = new KafkaEventPublisher(cloud.config());
        RunWatcher watcher = new RunWatcher(ws, TestClient.newSession(http).token(), stores.canvas.tileSize())) {
      watcher.request("{\"action\":\"hello\"}");
      Thread.sleep(300);
      var before = stores.canvasStore.snapshot(tile);
      for (int y = Y0; y < Y0 + 20; y++) {
        for (int x = X0; x < X0 + 20; x++) {
          place(log, "it-artist", x, y, 5);
        }
      }
      Thread.sleep(20);
      long to = System.currentTimeMillis();
      Thread.sleep(20);
      for (int y = Y0; y < Y0 + 20; y++) {
        for (int x = X0; x < X0 + 20; x++) {
          place(log, "it-griefer", x, y, 1);
        }
      }

      assertThat(call("POST", "/api/v1/mod/rollbacks", null, rollback.formatted(to)).statusCode()).isEqualTo(401);
      assertThat(call("POST", "/api/v1/mod/rollbacks", user, rollback.formatted(to)).statusCode()).isEqualTo(403);
      assertThat(call("POST", "/api/v1/mod/rollbacks", moderator, "{\"x\":0}").statusCode()).isEqualTo(400);
      HttpResponse<String> preview = call("POST", "/api/v1/mod/previews", moderator,
          "{\"action\":\"rollback\",\"x\":" + X0 + ",\"y\":" + Y0 + ",\"w\":20,\"h\":20,\"to\":" + to + "}");
      assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
      assertThat(TestClient.JSON.readTree(preview.body()).get("pixelsChanged").asInt()).isEqualTo(400);
      assertThat(pixel(X0, Y0)).as("a preview writes nothing").isEqualTo(1);

      HttpResponse<String> started = call("POST", "/api/v1/mod/rollbacks", moderator, rollback.formatted(to));
      assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
      String id = TestClient.JSON.readTree(started.body()).get("action").get("id").asText();
      place(log, "it-late", X0 + 5, Y0 + 5, 9); // after the action's moment: it must stay whichever write lands first
      JsonNode done = awaitDone(moderator, id);
      assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("done");
      assertThat(done.get("pixelsChanged").asInt()).isBetween(399, 400);
      for (int y = Y0; y < Y0 + 20; y++) {
        for (int x = X0; x < X0 + 20; x++) {
          assertThat(pixel(x, y)).as("(%d, %d)", x, y).isEqualTo(x == X0 + 5 && y == Y0 + 5 ? 9 : 5);
        }
      }
      assertWatcherSeesRedis(watcher, tile, before);
      PixelEvent restored = Poll.until(() -> stores.history.pixel(X0, Y0, tile, 1).stream().findFirst().orElse(null),
          e -> e != null && e.isModeration(), Duration.ofSeconds(20));
      assertThat(restored.moderationAction()).isEqualTo(id);
      assertThat(restored.colour()).isEqualTo(5);
      assertThat(awaitAuditEntry(moderator, id).get("pixelsChanged").asInt()).isEqualTo(done.get("pixelsChanged").asInt());

      HttpResponse<String> undo = call("POST", "/api/v1/mod/actions/" + id + "/undo", moderator, "{\"reason\":\"wrong region\"}");
      assertThat(undo.statusCode()).as(undo.body()).isEqualTo(202);
      JsonNode undone = awaitDone(moderator, TestClient.JSON.readTree(undo.body()).get("action").get("id").asText());
      assertThat(undone.get("state").asText()).as(undone.toString()).isEqualTo("done");
      for (int y = Y0; y < Y0 + 20; y++) {
        for (int x = X0; x < X0 + 20; x++) {
          assertThat(pixel(x, y)).as("(%d, %d)", x, y).isEqualTo(x == X0 + 5 && y == Y0 + 5 ? 9 : 1);
        }
      }
      assertWatcherSeesRedis(watcher, tile, before);
      JsonNode list = TestClient.JSON.readTree(call("GET", "/api/v1/mod/actions?limit=5", moderator, null).body());
      assertThat(list.get("actions").get(0).get("kind").asText()).isEqualTo("undo");
      assertThat(TestClient.JSON.readTree(call("GET", "/api/v1/mod/actions/" + id, moderator, null).body())
          .get("action").get("undoneBy").asText()).isEqualTo(undone.get("id").asText());
    }
  }
}
