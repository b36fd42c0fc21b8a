package dev.place.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BatchEncoderTest {

  @Test
  void groupsUpdatesByTileWithTheirSequenceNumbers() {
    Map<TileId, List<PixelEvent>> byTile = new LinkedHashMap<>();
    byTile.put(new TileId(0, 0), List.of(
        new PixelEvent(new TileId(0, 0), 5, 10, 20, 5, "a", 0),
        new PixelEvent(new TileId(0, 0), 6, 11, 20, 3, "b", 0)));
    byTile.put(new TileId(1, 0), List.of(new PixelEvent(new TileId(1, 0), 1, 300, 5, 15, "a", 0)));

    assertThat(BatchEncoder.encode(byTile, 120 * 1024)).containsExactly(
        "{\"type\":\"batch\",\"tiles\":[{\"tile\":\"0:0\",\"seq\":[5,6],\"px\":[10,20,5,11,20,3]},"
            + "{\"tile\":\"1:0\",\"seq\":[1],\"px\":[300,5,15]}]}");
  }

  @Test
  void aBusyIntervalIsSplitIntoMessagesUnderTheLimitKeepingEveryEventInOrder() {
    Map<TileId, List<PixelEvent>> byTile = new LinkedHashMap<>();
    int total = 0;
    for (int t = 0; t < 5; t++) {
      TileId tile = new TileId(t, 0);
      List<PixelEvent> events = new ArrayList<>();
      for (int s = 1; s <= 700; s++) {
        events.add(new PixelEvent(tile, s, 1000 + s, 1999, s % 16, "u", 0));
        total++;
      }
      byTile.put(tile, events);
    }

    List<String> messages = BatchEncoder.encode(byTile, 4096);

    assertThat(messages.size()).isGreaterThan(10);
    assertThat(messages).allSatisfy(m -> assertThat(m.length()).isLessThanOrEqualTo(4096));
    Map<String, List<Long>> seen = new LinkedHashMap<>();
    Pattern tilePattern = Pattern.compile("\\{\"tile\":\"([^\"]+)\",\"seq\":\\[([0-9,]*)\\],\"px\":\\[([0-9,]*)\\]\\}");
    int pixels = 0;
    for (String message : messages) {
      assertThat(message).startsWith("{\"type\":\"batch\",\"tiles\":[{").endsWith("}]}");
      Matcher m = tilePattern.matcher(message);
      while (m.find()) {
        List<Long> seqs = seen.computeIfAbsent(m.group(1), k -> new ArrayList<>());
        String[] numbers = m.group(2).split(",");
        for (String n : numbers) {
          seqs.add(Long.parseLong(n));
        }
        assertThat(m.group(3).split(",")).hasSize(numbers.length * 3);
        pixels += numbers.length;
      }
    }
    assertThat(pixels).isEqualTo(total);
    assertThat(seen).hasSize(5);
    assertThat(seen.values()).allSatisfy(seqs -> assertThat(seqs).isSorted().hasSize(700));
  }
}
