package dev.place.shared.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.canvas.TileId;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonBatchCodecTest {

  private final JsonBatchCodec codec = new JsonBatchCodec(256);

  @Test
  void everyRunKindHasItsDocumentedJsonForm() {
    List<TileRun> runs = List.of(
        TileRun.sequence(new TileId(0, 0), 42, TileRun.pixel(20 * 256 + 10, 5), TileRun.pixel(20 * 256 + 11, 3)),
        TileRun.coalesced(new TileId(1, 0), 7, 9, TileRun.pixel(5 * 256 + 44, 15)),
        TileRun.resync(new TileId(2, 1), 3, 900));

    assertThat(codec.encode(runs, 4096)).containsExactly("{\"type\":\"batch\",\"tiles\":["
        + "{\"tile\":\"0:0\",\"seq\":[42,43],\"px\":[10,20,5,11,20,3]},"
        + "{\"tile\":\"1:0\",\"from\":7,\"to\":9,\"px\":[300,5,15]},"
        + "{\"tile\":\"2:1\",\"from\":3,\"to\":900,\"resync\":true}]}");
  }

  @Test
  void aLongSequenceRunContinuesInTheNextMessageUnderTheLimit() {
    int[] pixels = new int[2000];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = TileRun.pixel(i, i % 16);
    }

    List<String> messages = codec.encode(List.of(TileRun.sequence(new TileId(0, 0), 1, pixels)), 4096);

    assertThat(messages).hasSizeGreaterThan(5).allSatisfy(m -> assertThat(m.length()).isLessThanOrEqualTo(4096));
    java.util.regex.Matcher seqs = java.util.regex.Pattern.compile("\"seq\":\\[([0-9,]*)\\]").matcher(String.join("", messages));
    List<Long> all = new java.util.ArrayList<>();
    while (seqs.find()) {
      for (String s : seqs.group(1).split(",")) {
        all.add(Long.parseLong(s));
      }
    }
    assertThat(all).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 2000).boxed().toList());
    assertThat(messages.get(messages.size() - 1)).contains("2000]");
  }
}
