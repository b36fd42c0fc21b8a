package dev.place.shared.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.place.shared.auth.Role;
import dev.place.shared.auth.SessionClaims;
import dev.place.shared.timelapse.Region;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CanvasActionsTest {

  private static final long NOW = 1_764_000_000_000L;
  private final ModeratedCanvas canvas = new ModeratedCanvas(7);
  private final InMemoryAuditLog audit = new InMemoryAuditLog();
  private final AtomicInteger ids = new AtomicInteger();
  private final CanvasActions actions = new CanvasActions(
      (ledger, current) -> new ModerationService(canvas.geometry, ledger, canvas, current, canvas, 7),
      () -> canvas.geometry, () -> canvas::colourAt, audit, Runnable::run, () -> "act-" + ids.incrementAndGet());
  private final SessionClaims moderator = new SessionClaims("u-mod", Role.MODERATOR, NOW - 60_000, Instant.ofEpochMilli(NOW + 3_600_000));

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
    assertThat(audit.entries).extracting(AuditEntry::id, AuditEntry::action, AuditEntry::pixelsChanged)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(started.id(), "rollback", 0),
            org.assertj.core.groups.Tuple.tuple(started.id(), "rollback", 400));
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
}
