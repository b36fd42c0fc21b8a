package dev.place.shared.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.place.shared.canvas.TileId;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PixelEventCodecTest {

  private final PixelEvent event = new PixelEvent(new TileId(1, 2), 42, 300, 600, 13, "guest-abc", 1764316800123L);

  @Test
  void roundTripsEveryField() {
    assertThat(PixelEventCodec.decode(PixelEventCodec.encode(event))).isEqualTo(event);
    assertThat(PixelEventCodec.decode(PixelEventCodec.encodeUtf8(event))).isEqualTo(event);
  }

  @Test
  void theJournalEntryBuiltAroundTheSequenceIsTheEventRecord() {
    String joined = PixelEventCodec.prefix(event.tile()) + event.seq()
        + PixelEventCodec.suffix(event.x(), event.y(), event.colour(), event.userId(), event.placedAtMillis());
    assertThat(joined).isEqualTo(PixelEventCodec.encode(event));
    assertThat(joined).isEqualTo(
        "{\"v\":1,\"tile\":\"1:2\",\"seq\":42,\"x\":300,\"y\":600,\"color\":13,\"user\":\"guest-abc\",\"at\":1764316800123}");
  }

  @Test
  void aModerationRestoreCarriesItsActionAndRoundTrips() {
    PixelEvent restore = new PixelEvent(new TileId(1, 2), 43, 300, 600, 0, "u-mod", 1764316800999L, "act-1");
    String json = PixelEventCodec.encode(restore);
    assertThat(json).endsWith(",\"at\":1764316800999,\"mod\":\"act-1\"}");
    assertThat(PixelEventCodec.decode(json)).isEqualTo(restore);
    assertThat(PixelEventCodec.decode(json).isModeration()).isTrue();
    assertThat(PixelEventCodec.prefix(restore.tile()) + restore.seq()
        + PixelEventCodec.suffix(300, 600, 0, "u-mod", 1764316800999L, "act-1")).isEqualTo(json);
  }

  @Test
  void eventsWrittenBeforeTheMarkDecodeAsUserPlacements() {
    PixelEvent old = PixelEventCodec.decode(
        "{\"v\":1,\"tile\":\"1:2\",\"seq\":42,\"x\":300,\"y\":600,\"color\":13,\"user\":\"guest-abc\",\"at\":1764316800123}");
    assertThat(old.isModeration()).isFalse();
    assertThat(old.moderationAction()).isNull();
    assertThat(PixelEventCodec.encode(old)).doesNotContain("mod");
  }

  @Test
  void userIdsAreEscaped() {
    PixelEvent tricky = new PixelEvent(new TileId(0, 0), 1, 0, 0, 0, "a\"b\\c\u00e9", 1);
    String json = PixelEventCodec.encode(tricky);
    assertThat(PixelEventCodec.decode(json.getBytes(StandardCharsets.UTF_8)).userId()).isEqualTo("a\"b\\c\u00e9");
  }

  @Test
  void unknownFieldsOfLaterVersionsAreSkipped() {
    String json = "{\"v\":2,\"tile\":\"0:0\",\"seq\":1,\"extra\":{\"a\":[1,2]},\"x\":1,\"y\":2,\"color\":3,\"user\":\"u\",\"at\":5}";
    assertThat(PixelEventCodec.decode(json).seq()).isEqualTo(1);
  }

  @Test
  void recordsThatAreNotPixelEventsAreRejectedWithAReason() {
    assertThatThrownBy(() -> PixelEventCodec.decode("[]")).isInstanceOf(MalformedEventException.class);
    assertThatThrownBy(() -> PixelEventCodec.decode("{\"v\":1}")).isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("required");
    assertThatThrownBy(() -> PixelEventCodec.decode("not json")).isInstanceOf(MalformedEventException.class);
    assertThatThrownBy(() -> PixelEventCodec.decode(
        "{\"v\":1,\"tile\":\"zz\",\"seq\":1,\"x\":1,\"y\":2,\"color\":3,\"user\":\"u\",\"at\":5}"))
        .isInstanceOf(MalformedEventException.class);
  }
}
