package dev.place.shared.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.place.shared.canvas.TileId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BinaryBatchCodecTest {

  private final BinaryBatchCodec codec = new BinaryBatchCodec(256);

  @Test
  void theWorkedExampleOfTheProtocolDocumentEncodesToTheDocumentedBytes() {
    // docs/protocol.md, Binary batches: pixel (10,20) colour 5 at seq 42 and (11,20) colour 3 at 43
    // on tile 0:0, then the whole of tile 1:0 coalesced from seq 7 to 9 as one pixel (300,5) colour 15.
    List<TileRun> runs = List.of(
        TileRun.sequence(new TileId(0, 0), 42, TileRun.pixel(20 * 256 + 10, 5), TileRun.pixel(20 * 256 + 11, 3)),
        TileRun.coalesced(new TileId(1, 0), 7, 9, TileRun.pixel(5 * 256 + 44, 15)));

    byte[] message = codec.encode(runs, 1024).get(0);

    assertThat(hex(message)).isEqualTo("01 00 2a 04 14 0a 51 40 b3 01 07 09 01 05 2c f0");
  }

  @Test
  void everyRunKindSurvivesARoundTrip() {
    List<TileRun> runs = List.of(
        TileRun.sequence(new TileId(0, 0), 1, TileRun.pixel(0, 0), TileRun.pixel(65535, 15), TileRun.pixel(0, 7)),
        TileRun.coalesced(new TileId(3, 2), 1_000_000_000_000L, 1_000_000_000_500L, TileRun.pixel(1, 1), TileRun.pixel(2, 2)),
        TileRun.resync(new TileId(7, 7), 5, 900),
        TileRun.sequence(new TileId(7, 7), 901, TileRun.pixel(12345, 9)));

    assertThat(codec.decode(codec.encode(runs, 1024).get(0))).containsExactlyElementsOf(runs);
  }

  @Test
  void runsComeOutInTileOrderWithEachTilesRunsInTheirOwnOrder() {
    TileRun late = TileRun.sequence(new TileId(0, 1), 10, TileRun.pixel(1, 1));
    TileRun first = TileRun.sequence(new TileId(0, 0), 3, TileRun.pixel(1, 1));
    TileRun second = TileRun.sequence(new TileId(0, 0), 5, TileRun.pixel(2, 2));

    assertThat(codec.decode(codec.encode(List.of(late, first, second), 1024).get(0))).containsExactly(first, second, late);
  }

  @Test
  void aLongRunIsSplitIntoMessagesUnderTheLimitThatTogetherHoldEveryPixelInOrder() {
    int[] pixels = new int[10_000];
    Random random = new Random(7);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = TileRun.pixel(random.nextInt(65536), random.nextInt(16));
    }
    TileRun run = TileRun.sequence(new TileId(2, 3), 500, pixels);

    List<byte[]> messages = codec.encode(List.of(run), 2000);

    assertThat(messages).hasSizeGreaterThan(10).allSatisfy(m -> assertThat(m.length).isLessThanOrEqualTo(2000));
    List<Integer> decoded = new ArrayList<>();
    long nextSeq = 500;
    for (byte[] m : messages) {
      for (TileRun part : codec.decode(m)) {
        assertThat(part.firstSeq()).isEqualTo(nextSeq);
        nextSeq = part.lastSeq() + 1;
        for (int p : part.pixels()) {
          decoded.add(p);
        }
      }
    }
    assertThat(decoded).containsExactly(java.util.Arrays.stream(pixels).boxed().toArray(Integer[]::new));
  }

  @Test
  void aCoalescedRunIsNeverSplitAndOneTooLargeForAnyMessageIsRefused() {
    int[] pixels = new int[1000];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = TileRun.pixel(i, 1);
    }
    TileRun small = TileRun.sequence(new TileId(0, 0), 1, TileRun.pixel(0, 1));
    TileRun big = TileRun.coalesced(new TileId(1, 0), 1, 5000, pixels);

    List<byte[]> messages = codec.encode(List.of(small, big), 2545);
    assertThat(messages).hasSize(2);
    assertThat(codec.decode(messages.get(1))).containsExactly(big);

    assertThatThrownBy(() -> codec.encode(List.of(big), 1000)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aTypicalIntervalCostsUnderSixBytesAPixel() {
    // 100 placements (1,000/s over a 100 ms interval) at random on a 2000 x 2000 canvas: 64 tiles.
    Random random = new Random(42);
    java.util.Map<TileId, List<Integer>> byTile = new java.util.TreeMap<>(
        java.util.Comparator.comparingInt(TileId::ty).thenComparingInt(TileId::tx));
    for (int i = 0; i < 100; i++) {
      int x = random.nextInt(2000);
      int y = random.nextInt(2000);
      byTile.computeIfAbsent(new TileId(x / 256, y / 256), t -> new ArrayList<>()).add(TileRun.pixel((y % 256) * 256 + x % 256, 3));
    }
    List<TileRun> runs = new ArrayList<>();
    byTile.forEach((tile, px) -> runs.add(TileRun.sequence(tile, 123_456, px.stream().mapToInt(Integer::intValue).toArray())));

    int bytes = codec.encode(runs, 120 * 1024).get(0).length;

    assertThat(bytes / 100.0).isLessThan(6.0);
  }

  @Test
  void aTruncatedMessageIsRefusedRatherThanMisread() {
    byte[] message = codec.encode(List.of(TileRun.sequence(new TileId(0, 0), 42, TileRun.pixel(5, 5), TileRun.pixel(6, 6))), 100).get(0);
    byte[] cut = java.util.Arrays.copyOf(message, message.length - 1);

    assertThatThrownBy(() -> codec.decode(cut)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> codec.decode(new byte[] {'{'})).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nonPowerOfTwoTilesUseEnoughPositionBits() {
    BinaryBatchCodec odd = new BinaryBatchCodec(250);
    TileRun run = TileRun.sequence(new TileId(1, 1), 1, TileRun.pixel(250 * 250 - 1, 15));

    assertThat(odd.posBits()).isEqualTo(16);
    assertThat(odd.decode(odd.encode(List.of(run), 100).get(0))).containsExactly(run);
    assertThat(new BinaryBatchCodec(8).posBits()).isEqualTo(6);
  }

  static String hex(byte[] bytes) {
    StringBuilder s = new StringBuilder();
    for (byte b : bytes) {
      s.append(s.length() == 0 ? "" : " ").append(String.format("%02x", b & 0xFF));
    }
    return s.toString();
  }
}
