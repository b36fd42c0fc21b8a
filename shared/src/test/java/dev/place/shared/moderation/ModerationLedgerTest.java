package dev.place.shared.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.place.shared.moderation.ModerationAction.RevertUser;
import dev.place.shared.moderation.ModerationAction.RollbackArea;
import dev.place.shared.moderation.ModerationAction.Undo;
import dev.place.shared.timelapse.Region;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModerationLedgerTest {

  private final ModeratedCanvas canvas = new ModeratedCanvas();

  @Test
  void aRollbackReturnsEveryPixelOfTheAreaToItsColourAtTheMoment() {
    canvas.place("alice", 1, 1, 5, 100);
    canvas.place("grief", 1, 1, 3, 200);
    canvas.place("grief", 2, 2, 3, 210);

    canvas.moderate("r1", new RollbackArea(new Region(0, 0, 4, 4), 150), 300);

    assertEquals(5, canvas.colourAt(1, 1));
    assertEquals(VisibleColours.BACKGROUND, canvas.colourAt(2, 2));
  }

  @Test
  void aRollbackLeavesPixelsOutsideTheAreaAndPlacementsAfterItUntouched() {
    canvas.place("grief", 1, 1, 3, 200);
    canvas.place("grief", 10, 10, 3, 200);
    canvas.moderate("r1", new RollbackArea(new Region(0, 0, 4, 4), 150), 300);
    canvas.place("bob", 1, 1, 9, 400);

    assertEquals(3, canvas.colourAt(10, 10));
    assertEquals(9, canvas.colourAt(1, 1));
    // A placement raced in after the rollback's moment is not voided even if it is replayed later.
    assertTrue(canvas.ledger.isActive("r1"));
    assertEquals(1, canvas.moderate("u", new Undo("r1"), 500).change().placementsReleased());
    assertEquals(9, canvas.colourAt(1, 1));
  }

  @Test
  void aRevertRestoresEachPixelToTheNewestPlacementBySomeoneElse() {
    canvas.place("alice", 1, 1, 5, 100);
    canvas.place("bob", 1, 1, 6, 110);
    canvas.place("grief", 1, 1, 3, 120);
    canvas.place("grief", 2, 1, 3, 130);

    canvas.moderate("v1", new RevertUser("grief", 0), 200);

    assertEquals(6, canvas.colourAt(1, 1));
    assertEquals(VisibleColours.BACKGROUND, canvas.colourAt(2, 1));
  }

  @Test
  void aRevertNeverRestoresAPlacementThatIsItselfReverted() {
    canvas.place("alice", 1, 1, 5, 100);
    canvas.place("bot1", 1, 1, 6, 110);
    canvas.place("bot2", 1, 1, 3, 120);
    canvas.moderate("v1", new RevertUser("bot1", 0), 200);
    assertEquals(3, canvas.colourAt(1, 1), "bot2's pixel is still the newest unreverted one");

    canvas.moderate("v2", new RevertUser("bot2", 0), 210);

    assertEquals(5, canvas.colourAt(1, 1));
  }

  @Test
  void aRevertSinceAMomentKeepsTheUsersEarlierPlacements() {
    canvas.place("carol", 1, 1, 5, 100);
    canvas.place("carol", 1, 1, 7, 300);

    canvas.moderate("v1", new RevertUser("carol", 200), 400);

    assertEquals(5, canvas.colourAt(1, 1));
  }

  @Test
  void revertThenUnbanThenUndoingTheRevertRestoresOnlyPixelsNobodyPlacedOverSince() {
    canvas.place("alice", 1, 1, 5, 100);
    canvas.place("alice", 2, 2, 5, 100);
    canvas.place("mallory", 1, 1, 3, 110);
    canvas.place("mallory", 2, 2, 3, 110);
    canvas.moderate("v1", new RevertUser("mallory", 0), 200);
    // The unban is not a canvas action: it resurrects nothing. Afterwards bob paints over one pixel.
    assertEquals(5, canvas.colourAt(1, 1));
    canvas.place("bob", 2, 2, 9, 300);

    canvas.moderate("u1", new Undo("v1"), 400);

    assertEquals(3, canvas.colourAt(1, 1), "mallory's pixel is back where nobody placed since");
    assertEquals(9, canvas.colourAt(2, 2), "bob's newer pixel is not overwritten by the undo");
  }

  @Test
  void overlappingRollbacksComposeAndUndoInAnyOrder() {
    canvas.place("a", 1, 1, 1, 100);
    canvas.place("b", 1, 1, 2, 200);
    canvas.place("c", 1, 1, 4, 300);
    canvas.place("c", 5, 5, 4, 300);
    canvas.moderate("r1", new RollbackArea(new Region(0, 0, 8, 8), 250), 400);
    assertEquals(2, canvas.colourAt(1, 1));
    canvas.moderate("r2", new RollbackArea(new Region(0, 0, 2, 2), 150), 410);
    assertEquals(1, canvas.colourAt(1, 1));

    canvas.moderate("u1", new Undo("r1"), 420);
    assertEquals(1, canvas.colourAt(1, 1), "r2 still voids b and c on (1,1)");
    assertEquals(4, canvas.colourAt(5, 5), "only r1 covered (5,5)");

    canvas.moderate("u2", new Undo("r2"), 430);
    assertEquals(4, canvas.colourAt(1, 1));
  }

  @Test
  void undoingAnUndoReappliesTheActionExactly() {
    canvas.place("alice", 1, 1, 5, 100);
    canvas.place("grief", 1, 1, 3, 110);
    canvas.moderate("v1", new RevertUser("grief", 0), 200);
    canvas.moderate("u1", new Undo("v1"), 210);
    assertEquals(3, canvas.colourAt(1, 1));

    canvas.moderate("u2", new Undo("u1"), 220);

    assertEquals(5, canvas.colourAt(1, 1));
    assertTrue(canvas.ledger.isActive("v1"));
    assertFalse(canvas.ledger.isActive("u1"));
  }

  @Test
  void theOrderOfIndependentActionsDoesNotChangeTheCanvas() {
    ModeratedCanvas other = new ModeratedCanvas();
    for (ModeratedCanvas c : new ModeratedCanvas[] {canvas, other}) {
      c.place("a", 1, 1, 1, 100);
      c.place("g", 1, 1, 2, 200);
      c.place("h", 1, 1, 3, 300);
      c.place("g", 3, 3, 2, 300);
    }
    canvas.moderate("v", new RevertUser("g", 0), 400);
    canvas.moderate("r", new RollbackArea(new Region(0, 0, 2, 2), 250), 400);
    other.moderate("r", new RollbackArea(new Region(0, 0, 2, 2), 250), 400);
    other.moderate("v", new RevertUser("g", 0), 400);

    for (int[] p : new int[][] {{1, 1}, {3, 3}}) {
      assertEquals(canvas.colourAt(p[0], p[1]), other.colourAt(p[0], p[1]));
    }
    assertEquals(1, canvas.colourAt(1, 1));
  }

  @Test
  void onlyPixelsWhoseColourChangesAreWritten() {
    canvas.place("alice", 1, 1, 5, 100);
    canvas.place("grief", 1, 1, 5, 110); // same colour: reverting it changes nothing visible
    canvas.place("grief", 2, 1, 3, 110);

    assertEquals(1, canvas.moderate("v1", new RevertUser("grief", 0), 200).pixelsRestored());
  }

  @Test
  void aPlacementThatRacesTheRollbackIsNeverOverwritten() {
    canvas.place("alice", 1, 1, 5, 100);
    canvas.place("grief", 1, 1, 3, 200);
    canvas.place("grief", 2, 1, 3, 200);
    canvas.beforeEachBatch = () -> {
      canvas.place("bob", 1, 1, 9, 301);
      canvas.beforeEachBatch = () -> {};
    };

    ModerationService.Applied applied = canvas.moderate("r1", new RollbackArea(new Region(0, 0, 4, 4), 150), 300);

    assertEquals(9, canvas.colourAt(1, 1), "bob placed after the plan looked: his pixel stays");
    assertEquals(VisibleColours.BACKGROUND, canvas.colourAt(2, 1));
    assertEquals(1, applied.pixelsRestored());
    assertEquals(1, applied.pixelsSkippedAsRaced());
  }

  @Test
  void aLargeRollbackIsWrittenInBoundedBatchesAndIsExact() {
    ModeratedCanvas small = new ModeratedCanvas(64);
    for (int y = 0; y < 40; y++) {
      for (int x = 0; x < 40; x++) {
        small.place("alice", x, y, 5, 100);
        small.place("grief", x, y, 3, 200);
      }
    }

    ModerationService.Applied applied = small.moderate("r1", new RollbackArea(new Region(0, 0, 40, 40), 150), 300);

    assertEquals(1600, applied.pixelsRestored());
    assertTrue(applied.batches() >= 1600 / 64, "at most 64 restores per batch; got " + applied.batches() + " batches");
    for (int y = 0; y < 40; y++) {
      for (int x = 0; x < 40; x++) {
        assertEquals(5, small.colourAt(x, y));
      }
    }
  }

  @Test
  void aPreviewChangesNothing() throws InterruptedException {
    canvas.place("alice", 1, 1, 5, 100);
    canvas.place("grief", 1, 1, 3, 200);
    ActionRecord record = new ActionRecord("v1", "mod", "", 300, new RevertUser("grief", 0));

    assertEquals(List.of(new RestorePlan.Restore(1, 1, 5, 2)), canvas.service.preview(record));

    assertEquals(3, canvas.colourAt(1, 1));
    assertFalse(canvas.ledger.isActive("v1"));
    canvas.moderate("v1", new RevertUser("grief", 0), 300);
    assertEquals(5, canvas.colourAt(1, 1), "the previewed id can still be applied");
  }

  @Test
  void badActionsAreRefusedAndChangeNothing() {
    canvas.place("grief", 1, 1, 3, 110);
    assertThrows(IllegalArgumentException.class, () -> canvas.moderate("x", new Undo("nope"), 200));
    assertThrows(IllegalArgumentException.class,
        () -> canvas.moderate("r", new RollbackArea(new Region(0, 0, 2, 2), 500), 200));
    canvas.moderate("v1", new RevertUser("grief", 0), 200);
    assertThrows(IllegalArgumentException.class, () -> canvas.moderate("v1", new RevertUser("grief", 0), 210));
    canvas.moderate("u1", new Undo("v1"), 220);
    assertThrows(IllegalArgumentException.class, () -> canvas.moderate("u2", new Undo("v1"), 230));

    assertEquals(3, canvas.colourAt(1, 1));
    assertEquals(2, canvas.ledger.history().size(), "only v1 and u1 were applied");
  }
}
