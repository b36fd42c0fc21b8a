package dev.place.shared.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.place.shared.auth.Role;
import dev.place.shared.auth.SessionClaims;
import dev.place.shared.timelapse.Region;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CanvasActionsTest {

  private static final long NOW = 1_764_000_000_000L;
  private final ModeratedCanvas canvas = new ModeratedCanvas(7);
  private final InMemoryAuditLog audit = new InMemoryAuditLog();
  private final CanvasActions.Services services =
      (ledger, current) -> new ModerationService(canvas.geometry, ledger, canvas, current, canvas, 7);
  /** The worker's process; {@link #restart} replaces it with a fresh one over the same log and canvas. */
  private CanvasActionWorker worker = worker();
  /** What the queue delivered and the worker threw on (a delivery that will come again). */
  private final java.util.List<String> failedDeliveries = new java.util.ArrayList<>();
  private boolean queueDown;
  private final ActionQueue queue = id -> {
    if (queueDown) {
      throw new IllegalStateException("Kafka unreachable");
    }
    try {
      worker.apply(id);
    } catch (RuntimeException e) {
      failedDeliveries.add(id);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  };
  private CanvasActions actions = routes();
  private final SessionClaims moderator = new SessionClaims("u-mod", Role.MODERATOR, NOW - 60_000, Instant.ofEpochMilli(NOW + 3_600_000));

  private CanvasActionWorker worker() {
    CanvasActionLog log = new CanvasActionLog(audit);
    return new CanvasActionWorker(services, () -> canvas::colourAt, log, new SyncedLedger(log, canvas), () -> NOW);
  }

  private CanvasActions routes() {
    CanvasActionLog log = new CanvasActionLog(audit);
    return new CanvasActions(services, () -> canvas.geometry, () -> canvas::colourAt, log, new SyncedLedger(log, canvas), queue,
        ActionIds::next);
  }

  /** Every execution environment starts again: nothing but the audit log and the canvas survive. */
  private void restart() {
    worker = worker();
    actions = routes();
  }

  private void grief() {
    for (int y = 10; y < 30; y++) {
      for (int x = 10; x < 30; x++) {
        canvas.place("u-artist", x, y, 5, NOW - 10_000);
      }
    }
    for (int y = 10; y < 30; y++) {
      for (int x = 10; x < 30; x++) {
        canvas.place("u-griefer", x, y, 1, NOW - 5_000);
      }
    }
  }

  private ModerationAction.RollbackArea rollback() {
    return new ModerationAction.RollbackArea(new Region(10, 10, 20, 20), NOW - 8_000);
  }

  @Test
  void aRollbackIsLoggedAppliedAndLoggedAgainWithThePixelsItChanged() throws Exception {
    grief();
    CanvasActionStatus started = actions.start(moderator, rollback(), "grief", NOW);
    assertThat(started.state()).isEqualTo(CanvasActionStatus.WAITING);
    CanvasActionStatus done = actions.status(moderator, started.id());
    assertThat(done.state()).isEqualTo(CanvasActionStatus.DONE);
    assertThat(done.pixelsChanged()).isEqualTo(400);
    assertThat(done.done()).isEqualTo(400);
    assertThat(canvas.colourAt(10, 10)).isEqualTo(5);
    assertThat(canvas.colourAt(29, 29)).isEqualTo(5);
    // One entry, rewritten: first waiting, then applying, then done with the pixels it changed.
    assertThat(audit.entries).extracting(AuditEntry::id, AuditEntry::action, AuditEntry::pixelsChanged)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(started.id(), "rollback", 400));
    assertThat(audit.entries.get(0).changes()).contains("\"state\":\"done\"", "\"batches\":");
    assertThat(done.toJson()).contains("\"kind\":\"rollback\"", "\"state\":\"done\"", "\"progress\":{\"done\":400,\"total\":400}",
        "\"parameters\":{\"x\":10,\"y\":10,\"w\":20,\"h\":20,\"to\":");
  }

  @Test
  void anUndoBringsTheRolledBackPlacementsBackAndMarksTheActionUndone() throws Exception {
    grief();
    String rolledBack = actions.start(moderator, rollback(), "grief", NOW).id();
    CanvasActionStatus undo = actions.start(moderator, new ModerationAction.Undo(rolledBack), "mistake", NOW + 1);
    assertThat(actions.status(moderator, undo.id()).pixelsChanged()).isEqualTo(400);
    assertThat(canvas.colourAt(15, 15)).isEqualTo(1);
    assertThat(actions.status(moderator, rolledBack).undoneBy()).isEqualTo(undo.id());
    assertThatThrownBy(() -> actions.start(moderator, new ModerationAction.Undo(rolledBack), "again", NOW + 2))
        .isInstanceOf(ModerationException.class).extracting("status").isEqualTo(409);
    actions.start(moderator, new ModerationAction.Undo(undo.id()), "redo", NOW + 3);
    assertThat(canvas.colourAt(15, 15)).isEqualTo(5);
  }

  @Test
  void aRevertRestoresEachPixelToTheNewestPlacementBySomeoneElse() throws Exception {
    grief();
    CanvasActionStatus revert = actions.start(moderator, new ModerationAction.RevertUser("u-griefer", 0), "bot", NOW);
    assertThat(actions.status(moderator, revert.id()).pixelsChanged()).isEqualTo(400);
    assertThat(canvas.colourAt(20, 20)).isEqualTo(5);
  }

  @Test
  void aPreviewRendersBeforeAndAfterAndWritesNothing() throws Exception {
    grief();
    CanvasActions.Preview preview = actions.preview(moderator, rollback(), NOW);
    assertThat(preview.pixelsChanged()).isEqualTo(400);
    assertThat(preview.region()).isEqualTo(new Region(10, 10, 20, 20));
    assertThat(preview.beforePng()).isNotEqualTo(preview.afterPng());
    assertThat(canvas.colourAt(10, 10)).isEqualTo(1);
    assertThat(audit.entries).isEmpty();
    assertThat(actions.newest(moderator, 50)).isEmpty();
  }

  @Test
  void badRequestsAndPlainUsersAreRefusedAndChangeNothing() {
    SessionClaims user = new SessionClaims("u-x", Role.USER, NOW - 60_000, Instant.ofEpochMilli(NOW + 3_600_000));
    assertThatThrownBy(() -> actions.start(user, rollback(), "grief", NOW)).isInstanceOf(ModerationException.class)
        .extracting("status").isEqualTo(403);
    assertThatThrownBy(() -> actions.start(moderator, new ModerationAction.RollbackArea(new Region(60, 60, 10, 10), NOW - 1),
        "off the canvas", NOW)).extracting("status").isEqualTo(400);
    assertThatThrownBy(() -> actions.start(moderator, new ModerationAction.RollbackArea(new Region(0, 0, 10, 10), NOW + 1),
        "future", NOW)).extracting("status").isEqualTo(400);
    assertThatThrownBy(() -> actions.start(moderator, rollback(), " ", NOW)).extracting("status").isEqualTo(400);
    assertThatThrownBy(() -> actions.start(moderator, new ModerationAction.Undo("act-404"), "x", NOW))
        .extracting("status").isEqualTo(404);
    assertThat(audit.entries).isEmpty();
  }

  @Test
  void anActionAppliedBeforeARestartIsUndoneExactlyAfterIt() throws Exception {
    grief();
    String rolledBack = actions.start(moderator, rollback(), "grief", NOW).id();
    String reverted = actions.start(moderator, new ModerationAction.RevertUser("u-artist", 0), "artist too", NOW + 1).id();
    assertThat(canvas.colourAt(15, 15)).isEqualTo(VisibleColours.BACKGROUND);
    restart();
    // The new worker rebuilds both actions from the log: undoing the revert brings back the artist's
    // pixels, and the rollback (still in force) keeps the griefer's away.
    String undo = actions.start(moderator, new ModerationAction.Undo(reverted), "mistake", NOW + 2).id();
    assertThat(actions.status(moderator, undo).state()).isEqualTo(CanvasActionStatus.DONE);
    assertThat(canvas.colourAt(15, 15)).isEqualTo(5);
    assertThat(actions.status(moderator, reverted).undoneBy()).isEqualTo(undo);
    assertThat(actions.status(moderator, rolledBack).undoneBy()).isNull();
  }

  @Test
  void aPreviewInAFreshEnvironmentSeesTheActionsAppliedInAnother() throws Exception {
    grief();
    actions.start(moderator, rollback(), "grief", NOW);
    restart();
    assertThat(actions.preview(moderator, rollback(), NOW + 1).pixelsChanged()).isZero();
  }

  @Test
  void anApplyThatFailsHalfWayIsDeliveredAgainAndFinishesExactly() throws Exception {
    grief();
    int[] batches = {0};
    canvas.beforeEachBatch = () -> {
      if (++batches[0] == 20) {
        throw new IllegalStateException("Redis unreachable");
      }
    };
    String id = actions.start(moderator, rollback(), "grief", NOW).id();
    assertThat(failedDeliveries).containsExactly(id);
    CanvasActionStatus halfWay = actions.status(moderator, id);
    assertThat(halfWay.state()).isEqualTo(CanvasActionStatus.APPLYING);
    assertThat(canvas.colourAt(29, 29)).isEqualTo(1);
    worker.apply(id); // the queue's second delivery
    assertThat(actions.status(moderator, id).state()).isEqualTo(CanvasActionStatus.DONE);
    for (int y = 10; y < 30; y++) {
      for (int x = 10; x < 30; x++) {
        assertThat(canvas.colourAt(x, y)).as("(%d,%d)", x, y).isEqualTo(5);
      }
    }
  }

  @Test
  void aRepeatedDeliveryOfAFinishedActionChangesNothing() throws Exception {
    grief();
    String id = actions.start(moderator, rollback(), "grief", NOW).id();
    canvas.place("u-griefer", 12, 12, 1, NOW + 5);
    worker.apply(id);
    restart();
    worker.apply(id);
    assertThat(canvas.colourAt(12, 12)).isEqualTo(1);
    assertThat(actions.status(moderator, id).pixelsChanged()).isEqualTo(400);
  }

  @Test
  void undoingAnUndoPutsTheActionBackInForceSoItCanBeUndoneAgain() throws Exception {
    grief();
    String rolledBack = actions.start(moderator, rollback(), "grief", NOW).id();
    String undo = actions.start(moderator, new ModerationAction.Undo(rolledBack), "mistake", NOW + 1).id();
    String redo = actions.start(moderator, new ModerationAction.Undo(undo), "it was right", NOW + 2).id();
    assertThat(actions.status(moderator, rolledBack).undoneBy()).isNull();
    assertThat(actions.status(moderator, undo).undoneBy()).isEqualTo(redo);
    assertThat(canvas.colourAt(15, 15)).isEqualTo(5);
    actions.start(moderator, new ModerationAction.Undo(rolledBack), "mistake after all", NOW + 3);
    assertThat(canvas.colourAt(15, 15)).isEqualTo(1);
  }

  @Test
  void anActionThatCannotBeQueuedIsLoggedAsFailedAndChangesNothing() {
    grief();
    queueDown = true;
    assertThatThrownBy(() -> actions.start(moderator, rollback(), "grief", NOW)).isInstanceOf(IllegalStateException.class);
    assertThat(canvas.colourAt(15, 15)).isEqualTo(1);
    CanvasActionStatus logged = CanvasActionStatus.fromAudit(audit.entries.get(0));
    assertThat(logged.state()).isEqualTo(CanvasActionStatus.FAILED);
    assertThat(logged.error()).contains("could not be queued");
    queueDown = false;
    assertThatThrownBy(() -> actions.start(moderator, new ModerationAction.Undo(logged.id()), "x", NOW + 1))
        .isInstanceOf(ModerationException.class).extracting("status").isEqualTo(409);
  }

  @Test
  void anActionWhoseHistoryNeverCatchesUpFailsWithoutChangingAnything() throws Exception {
    grief();
    CanvasActionLog log = new CanvasActionLog(audit);
    PlacementSource lagging = new PlacementSource() {
      @Override
      public void awaitComplete(long untilMillis) {
        throw new HistoryLagException("the history writer has not caught up");
      }

      @Override
      public java.util.List<dev.place.shared.event.PixelEvent> inArea(Region area, long afterMillis, long untilMillis) {
        return canvas.inArea(area, afterMillis, untilMillis);
      }

      @Override
      public java.util.List<dev.place.shared.event.PixelEvent> byUser(String userId, long sinceMillis, long untilMillis) {
        return canvas.byUser(userId, sinceMillis, untilMillis);
      }

      @Override
      public PixelHistory onPixels(java.util.Collection<Pixel> pixels) {
        return canvas.onPixels(pixels);
      }
    };
    worker = new CanvasActionWorker((ledger, current) -> new ModerationService(canvas.geometry, ledger, lagging, current, canvas, 7),
        () -> canvas::colourAt, log, new SyncedLedger(log, lagging), () -> NOW);
    String id = actions.start(moderator, rollback(), "grief", NOW).id();
    assertThat(failedDeliveries).isEmpty();
    assertThat(actions.status(moderator, id).state()).isEqualTo(CanvasActionStatus.FAILED);
    assertThat(actions.status(moderator, id).error()).contains("has not caught up");
    assertThat(canvas.colourAt(15, 15)).isEqualTo(1);
  }

  @Test
  void idsCarryTheirTimeAndNothingElseIsTakenForOne() {
    String id = ActionIds.next(NOW);
    assertThat(ActionIds.atMillis(id)).hasValue(NOW);
    assertThat(ActionIds.atMillis("3f2b9c1e-0000-0000-0000-000000000000")).isEmpty();
    assertThat(ActionIds.atMillis("act--abcdefghij")).isEmpty();
    assertThat(ActionIds.atMillis("act-zz-short")).isEmpty();
    assertThat(ActionIds.next(NOW)).isNotEqualTo(id);
  }

  @Test
  void parametersReadBackAsTheActionThatWroteThem() {
    for (ModerationAction action : java.util.List.of(rollback(), new ModerationAction.RevertUser("u-\"odd\"", NOW - 1),
        new ModerationAction.RevertUser("u-all", 0), new ModerationAction.Undo("act-x"))) {
      assertThat(ActionParameters.parse(ActionParameters.kind(action), ActionParameters.json(action))).isEqualTo(action);
    }
    assertThatThrownBy(() -> ActionParameters.parse("rollback", "{\"x\":1}")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ActionParameters.parse("ban", "{}")).isInstanceOf(IllegalArgumentException.class);
  }
}
