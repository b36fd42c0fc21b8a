package dev.place.shared.moderation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.canvas.TileId;
import dev.place.shared.timelapse.Region;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModerationPartsTest {

  @Test
  void aProtectedAreaRefusesItsPixelsAndNothingAroundIt() {
    ProtectedAreas areas = ProtectedAreas.of(List.of(new ProtectedAreas.Area("logo", new Region(10, 10, 20, 5), "")), 16);

    assertEquals("logo", areas.covering(10, 10).id());
    assertEquals("logo", areas.covering(29, 14).id());
    assertNull(areas.covering(30, 14));
    assertNull(areas.covering(10, 15));
    assertNull(areas.covering(9, 12));
    assertNull(ProtectedAreas.none().covering(10, 10));
  }

  @Test
  void aBanIsInForceFromItsStartUntilItsEndOrForever() {
    Ban timed = new Ban("u", 100, 200, "spam", "mod");
    assertFalse(timed.inForceAt(99));
    assertTrue(timed.inForceAt(100));
    assertFalse(timed.inForceAt(200));
    assertTrue(new Ban("u", 100, 0, null, "mod").inForceAt(Long.MAX_VALUE));
    assertThrows(IllegalArgumentException.class, () -> new Ban("u", 100, 100, "", "mod"));
  }

  @Test
  void restoreBatchesStayWithinOneTileAndTheLimitAndKeepEveryRestore() {
    CanvasGeometry canvas = new CanvasGeometry(64, 64, 16);
    List<RestorePlan.Restore> restores = new ArrayList<>();
    for (int x = 0; x < 40; x++) {
      restores.add(new RestorePlan.Restore(x, 3, x % 16, x));
    }

    List<RestoreBatches.Batch> batches = RestoreBatches.of(restores, canvas, 10);

    assertEquals(List.of(new TileId(0, 0), new TileId(0, 0), new TileId(1, 0), new TileId(1, 0), new TileId(2, 0)),
        batches.stream().map(RestoreBatches.Batch::tile).toList());
    assertEquals(40, batches.stream().mapToInt(RestoreBatches.Batch::size).sum());
    assertArrayEquals(new int[] {3 * 16 + 0, 3 * 16 + 1, 3 * 16 + 2, 3 * 16 + 3, 3 * 16 + 4, 3 * 16 + 5, 3 * 16 + 6, 3 * 16 + 7},
        java.util.Arrays.copyOf(batches.get(4).indexes(), 8));
    assertEquals(8, batches.get(4).size());
  }

  @Test
  void thePreviewShowsTheRegionBeforeAndAfterAndCountsChangedPixels() {
    Region region = new Region(0, 0, 2, 2);
    RollbackPreview.Images images = RollbackPreview.render(region, (x, y) -> 3,
        List.of(new RestorePlan.Restore(1, 1, 5, 0), new RestorePlan.Restore(9, 9, 5, 0)));

    assertEquals(1, images.pixelsChanged(), "a restore outside the region is not in its preview");
    assertNotEquals(java.util.Arrays.toString(images.beforePng()), java.util.Arrays.toString(images.afterPng()));
    assertEquals((byte) 0x89, images.beforePng()[0]);
  }

  @Test
  void aSolvedProofOfWorkIsAcceptedOnlyForItsUserBeforeItExpires() {
    ProofOfWorkChallenge pow = new ProofOfWorkChallenge(new byte[32], 8, 1_000);
    String challenge = pow.issue("alice", 10_000);
    String answer = ProofOfWorkChallenge.solve(challenge);

    assertTrue(pow.accepts("alice", challenge, answer, 10_500));
    assertFalse(pow.accepts("bob", challenge, answer, 10_500), "signed for alice");
    assertFalse(pow.accepts("alice", challenge, answer, 11_001), "expired");
    assertFalse(pow.accepts("alice", challenge.replaceFirst("^8", "1"), answer, 10_500), "difficulty is signed");
  }

  @Test
  void aWrongProofOfWorkIsRefused() {
    ProofOfWorkChallenge pow = new ProofOfWorkChallenge(new byte[32], 20, 1_000);
    String challenge = pow.issue("alice", 0);
    int accepted = 0;
    for (int i = 0; i < 200; i++) {
      if (pow.accepts("alice", challenge, "x" + i, 0)) {
        accepted++;
      }
    }
    assertTrue(accepted <= 1, "about 1 in a million guesses passes 20 bits; got " + accepted + " of 200");
  }

  @Test
  void leadingZeroBitsCountsAcrossBytes() {
    assertEquals(8 + 3, ProofOfWorkChallenge.leadingZeroBits(new byte[] {0, 0x10, 0}));
    assertEquals(0, ProofOfWorkChallenge.leadingZeroBits(new byte[] {(byte) 0x80}));
  }
}
