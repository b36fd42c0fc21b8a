package dev.place.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.place.shared.canvas.TileId;
import dev.place.shared.delivery.BinaryBatchCodec;
import dev.place.shared.delivery.Encoding;
import dev.place.shared.delivery.TileRun;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;

class GatewayMessagesTest {

  private static final int TILE_SIZE = 256;

  private static List<TileRun> busyInterval() {
    List<TileRun> runs = new ArrayList<>();
    for (int t = 0; t < 5; t++) {
      int[] pixels = new int[700];
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = TileRun.pixel(i * 37 % 65536, i % 16);
      }
      runs.add(TileRun.sequence(new TileId(t, 0), 1, pixels));
    }
    return runs;
  }

  @Test
  void aBusyIntervalInBase64IsSplitUnderTheLimitAndDecodesToEveryPixelInOrder() {
    GatewayMessages messages = new GatewayMessages(TILE_SIZE, 4096);
    List<TileRun> runs = busyInterval();

    OutboundMessage message = messages.encode(Encoding.BINARY, runs, 0);

    assertThat(message.parts().size()).isGreaterThan(1);
    assertThat(message.parts()).allSatisfy(p -> assertThat(p.asByteArray().length).isLessThanOrEqualTo(4096));
    BinaryBatchCodec codec = new BinaryBatchCodec(TILE_SIZE);
    List<Integer> decoded = new ArrayList<>();
    for (SdkBytes part : message.parts()) {
      codec.decode(Base64.getDecoder().decode(part.asUtf8String())).forEach(r -> {
        for (int p : r.pixels()) {
          decoded.add(p);
        }
      });
    }
    List<Integer> sent = new ArrayList<>();
    runs.forEach(r -> {
      for (int p : r.pixels()) {
        sent.add(p);
      }
    });
    assertThat(decoded).isEqualTo(sent);
    assertThat(message.runs()).isEqualTo(runs);
  }

  @Test
  void aBusyIntervalInJsonIsSplitUnderTheLimit() {
    OutboundMessage message = new GatewayMessages(TILE_SIZE, 4096).encode(Encoding.JSON, busyInterval(), 0);

    assertThat(message.parts().size()).isGreaterThan(10);
    assertThat(message.parts()).allSatisfy(p -> assertThat(p.asUtf8String()).startsWith("{\"type\":\"batch\"")
        .hasSizeLessThanOrEqualTo(4096));
  }

  @Test
  void aCoalescedRunTooBigForJsonBecomesAResyncButStaysWholeInBinary() {
    int[] pixels = new int[GatewayMessages.MAX_JSON_COALESCED_PIXELS + 1];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = TileRun.pixel(i, 7);
    }
    TileRun big = TileRun.coalesced(new TileId(1, 1), 10, 9000, pixels);
    TileRun small = TileRun.sequence(new TileId(2, 1), 4, TileRun.pixel(1, 1));
    GatewayMessages messages = new GatewayMessages(TILE_SIZE, GatewayMessages.MAX_MESSAGE_BYTES);

    OutboundMessage json = messages.encode(Encoding.JSON, List.of(big, small), 0);
    OutboundMessage binary = messages.encode(Encoding.BINARY, List.of(big, small), 0);

    assertThat(json.parts()).singleElement().satisfies(p -> assertThat(p.asUtf8String())
        .isEqualTo("{\"type\":\"batch\",\"tiles\":[{\"tile\":\"1:1\",\"from\":10,\"to\":9000,\"resync\":true},"
            + "{\"tile\":\"2:1\",\"seq\":[4],\"px\":[513,256,1]}]}"));
    assertThat(json.runs()).containsExactly(TileRun.resync(new TileId(1, 1), 10, 9000), small);
    assertThat(binary.runs()).containsExactly(big, small);
    assertThat(messages.encodings.sum()).isEqualTo(2);
  }

  @Test
  void aLimitTooSmallForACoalescedTileIsRefused() {
    assertThatThrownBy(() -> new GatewayMessages(TILE_SIZE, 100)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("100 bytes");
  }
}
