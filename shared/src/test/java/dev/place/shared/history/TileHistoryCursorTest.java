package dev.place.shared.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TileHistoryCursorTest {

  @Test
  void cursorsRoundTripAndAreOpaqueUrlSafeText() {
    String c = TileHistory.encode("u", "1795852800123/7:1/42");
    assertThat(c).matches("[A-Za-z0-9_-]+");
    assertThat(TileHistory.decode(c, "u")).isEqualTo("1795852800123/7:1/42");
    assertThat(TileHistory.decode(TileHistory.encode("p", "41"), "p")).isEqualTo("41");
  }

  @Test
  void aCursorOfAnotherKindOrGarbageIsRejected() {
    assertThatThrownBy(() -> TileHistory.decode(TileHistory.encode("u", "1/0:0/1"), "p")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TileHistory.decode(TileHistory.encode("p", "x"), "p")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TileHistory.decode("!!", "p")).isInstanceOf(IllegalArgumentException.class);
  }
}
