package dev.place.local.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.canvas.TileId;
import dev.place.shared.delivery.BinaryBatchCodec;
import dev.place.shared.delivery.JsonBatchCodec;
import dev.place.shared.delivery.TileRun;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchScannerTest {

  private final List<TileRun> runs = List.of(
      TileRun.sequence(new TileId(0, 0), 42, TileRun.pixel(5130, 5), TileRun.pixel(5131, 3)),
      TileRun.coalesced(new TileId(1, 0), 7, 9, TileRun.pixel(1324, 15)),
      TileRun.resync(new TileId(2, 1), 3, 900));
  private final List<String> seen = new ArrayList<>();
  private final BatchScanner scanner = new BatchScanner(256);

  private void sink(int tx, int ty, long first, long last, int kind) {
    seen.add(tx + ":" + ty + " " + first + ".." + last + " kind " + kind);
  }

  @Test
  void aBinaryBatchYieldsEveryRunAndItsPixelCountWithoutDecodingPixels() {
    byte[] message = new BinaryBatchCodec(256).encode(runs, 120_000).get(0);
    int pixels = scanner.scanBinary(Unpooled.wrappedBuffer(message), this::sink);
    assertThat(pixels).isEqualTo(3);
    assertThat(seen).containsExactly("0:0 42..43 kind 0", "1:0 7..9 kind 1", "2:1 3..900 kind 2");
  }

  @Test
  void aJsonBatchYieldsTheSameRuns() {
    byte[] message = new JsonBatchCodec(256).encode(runs, 120_000).get(0).getBytes(StandardCharsets.UTF_8);
    int pixels = scanner.scanJson(message, 0, message.length, this::sink);
    assertThat(pixels).isEqualTo(3);
    assertThat(seen).containsExactly("0:0 42..43 kind 0", "1:0 7..9 kind 1", "2:1 3..900 kind 2");
  }

  @Test
  void otherJsonMessagesAreNotBatches() {
    byte[] placed = "{\"type\":\"placed\",\"tile\":\"0:0\",\"seq\":1}".getBytes(StandardCharsets.UTF_8);
    assertThat(scanner.scanJson(placed, 0, placed.length, this::sink)).isEqualTo(-1);
    assertThat(seen).isEmpty();
  }
}
