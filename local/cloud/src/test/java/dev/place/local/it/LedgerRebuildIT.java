package dev.place.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.place.shared.history.CassandraAuditLog;
import dev.place.shared.history.HistoryPlacementSource;
import dev.place.shared.kafka.KafkaEventPublisher;
import dev.place.shared.moderation.ActionIds;
import dev.place.shared.moderation.ActionRecord;
import dev.place.shared.moderation.CanvasActionLog;
import dev.place.shared.moderation.CanvasActionStatus;
import dev.place.shared.moderation.CanvasActionWorker;
import dev.place.shared.moderation.ModerationAction;
import dev.place.shared.moderation.ModerationService;
import dev.place.shared.moderation.SyncedLedger;
import dev.place.shared.redis.RedisCurrentCanvas;
import dev.place.shared.redis.RedisRestoreWriter;
import dev.place.shared.redis.RedisTileSequences;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ledger lives nowhere but in the audit log: a worker that never saw an action (a fresh
 * execution environment, or one after a restart) rebuilds it from the log on real engines and undoes
 * that action exactly, and the running system's ledger then follows the undo it did not apply itself.
 * (The local cloud's environments share one class loader, so a fresh environment is built here from
 * the same shared classes the worker function wires.)
 */
class LedgerRebuildIT extends ModerationCalls {

  private static final int X0 = 1750;
  private static final int Y0 = 130;
  private static final int SIDE = 10;

  @Test
  void aWorkerThatNeverSawARollbackRebuildsItFromTheAuditLogAndUndoesItExactly() throws Exception {
    String moderator = signIn("mod-rebuild-" + System.nanoTime(), "moderators");
    try (KafkaEventPublisher log = new KafkaEventPublisher(stores.config)) {
      rebuildAndUndo(moderator, log);
    }
  }

  private void rebuildAndUndo(String moderator, KafkaEventPublisher log) throws Exception {
    for (int y = Y0; y < Y0 + SIDE; y++) {
      for (int x = X0; x < X0 + SIDE; x++) {
        place(log, "u-rebuild-artist", x, y, 6);
      }
    }
    Thread.sleep(5);
    long beforeGrief = System.currentTimeMillis();
    Thread.sleep(5);
    List<Integer> griefed = new ArrayList<>();
    for (int y = Y0; y < Y0 + SIDE; y++) {
      for (int x = X0; x < X0 + SIDE; x++) {
        place(log, "u-rebuild-griefer", x, y, 1 + (x + y) % 3);
      }
      griefed.addAll(row(X0, y, SIDE));
    }
    String rollback = start(moderator, "/api/v1/mod/rollbacks", "{\"x\":" + X0 + ",\"y\":" + Y0 + ",\"w\":" + SIDE + ",\"h\":" + SIDE
        + ",\"to\":" + beforeGrief + ",\"reason\":\"grief\"}");
    assertThat(awaitDone(moderator, rollback).get("state").asText()).isEqualTo("done");
    assertThat(row(X0, Y0, SIDE)).containsOnly(6);

    // Another execution environment: nothing in memory, the same engines.
    CanvasActionLog actions = new CanvasActionLog(new CassandraAuditLog(stores.history.session()));
    HistoryPlacementSource history = new HistoryPlacementSource(stores.history.session(), () -> stores.canvas,
        new RedisTileSequences(stores.redis), 60_000);
    RedisRestoreWriter writer = new RedisRestoreWriter(stores.canvasStore, log, stores.canvas.tileSize(), Duration.ofSeconds(10),
        Clock.systemUTC());
    CanvasActionWorker fresh = new CanvasActionWorker(
        (ledger, current) -> new ModerationService(stores.canvas, ledger, history, current, writer, 500),
        () -> new RedisCurrentCanvas(stores.canvasStore, stores.canvas), actions, new SyncedLedger(actions, history),
        System::currentTimeMillis);
    long now = System.currentTimeMillis();
    String undo = ActionIds.next(now);
    actions.record(CanvasActionStatus.waiting(new ActionRecord(undo, "u-mod", "restart drill", now,
        new ModerationAction.Undo(rollback)), "moderator"));
    fresh.apply(undo);

    JsonNode undone = awaitDone(moderator, undo);
    assertThat(undone.get("state").asText()).as(undone.toString()).isEqualTo("done");
    assertThat(undone.get("pixelsChanged").asInt()).isEqualTo(SIDE * SIDE);
    List<Integer> now0 = new ArrayList<>();
    for (int y = Y0; y < Y0 + SIDE; y++) {
      now0.addAll(row(X0, y, SIDE));
    }
    assertThat(now0).as("the griefed pixels are back, exactly").isEqualTo(griefed);
    assertThat(action(moderator, rollback).get("undoneBy").asText()).isEqualTo(undo);

    // The running system's ledger has the rollback in force; it must pick the undo up from the log:
    // a preview of the same rollback now changes every pixel again, and a second undo is refused.
    var preview = call("POST", "/api/v1/mod/previews", moderator, "{\"action\":\"rollback\",\"x\":" + X0 + ",\"y\":" + Y0
        + ",\"w\":" + SIDE + ",\"h\":" + SIDE + ",\"to\":" + beforeGrief + "}");
    assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
    assertThat(TestClient.JSON.readTree(preview.body()).get("pixelsChanged").asInt()).isEqualTo(SIDE * SIDE);
    assertThat(call("POST", "/api/v1/mod/actions/" + rollback + "/undo", moderator, "{\"reason\":\"again\"}").statusCode())
        .isEqualTo(409);
  }
}
