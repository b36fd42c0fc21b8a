package dev.place.shared.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnloggedBatchesTest {

  @Test
  void batchesHoldAtMostTheLimitAndEveryRowExactlyOnce() {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 95; i++) {
      rows.add("p" + (i % 7) + "/" + i);
    }
    List<List<String>> batches = UnloggedBatches.group(rows, r -> r.substring(0, r.indexOf('/')), 30);

    assertThat(batches).hasSize(4).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(30));
    assertThat(batches.stream().flatMap(List::stream)).containsExactlyInAnyOrderElementsOf(rows);
  }

  @Test
  void rowsOfOnePartitionTravelTogetherInTheirOriginalOrder() {
    List<String> rows = List.of("b/1", "a/1", "b/2", "a/2", "b/3");
    List<List<String>> batches = UnloggedBatches.group(rows, r -> r.substring(0, 1), 30);

    assertThat(batches).containsExactly(List.of("a/1", "a/2", "b/1", "b/2", "b/3"));
  }
}
