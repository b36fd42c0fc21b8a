package dev.place.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryWriterHandlerTest {

  private final List<PixelEvent> written = new ArrayList<>();

  @Test
  void writesEveryEventOfAnMskBatch() {
    KafkaEvent batch = SampleEvents.load("msk-pixel-events.json", KafkaEvent.class);

    String result = new HistoryWriterHandler(written::addAll).handleRequest(batch, null);

    assertThat(result).isEqualTo("{\"written\":3,\"skipped\":0}");
    assertThat(written).extracting(PixelEvent::tile, PixelEvent::seq).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(new TileId(0, 0), 7L),
        org.assertj.core.groups.Tuple.tuple(new TileId(0, 0), 8L),
        org.assertj.core.groups.Tuple.tuple(new TileId(1, 0), 1L));
  }

  @Test
  void skipsRecordsThatCanNeverBeParsedInsteadOfBlockingThePartition() {
    KafkaEvent batch = SampleEvents.load("msk-pixel-events.json", KafkaEvent.class);
    batch.getRecords().get("pixel-events-0").get(0).setValue(Base64.getEncoder().encodeToString("garbage".getBytes()));

    assertThat(new HistoryWriterHandler(written::addAll).handleRequest(batch, null)).isEqualTo("{\"written\":2,\"skipped\":1}");
  }

  @Test
  void aFailedWriteFailsTheInvocationSoTheBatchIsRetried() {
    KafkaEvent batch = SampleEvents.load("msk-pixel-events.json", KafkaEvent.class);
    HistoryWriterHandler failing = new HistoryWriterHandler(events -> {
      throw new IllegalStateException("cassandra down");
    });
    assertThatThrownBy(() -> failing.handleRequest(batch, null)).hasMessageContaining("cassandra down");
  }
}
