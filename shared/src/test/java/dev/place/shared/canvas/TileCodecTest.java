package dev.place.shared.canvas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TileCodecTest {

  @Test
  void evenPixelsLiveInTheHighNibbleLikeRedisBitfieldU4() {
    byte[] tile = new byte[2];
    TileCodec.set(tile, 0, 0xA);
    TileCodec.set(tile, 1, 0x3);
    TileCodec.set(tile, 3, 0xF);
    assertThat(tile).containsExactly((byte) 0xA3, (byte) 0x0F);
  }

  @Test
  void setOverwritesOnlyItsOwnNibble() {
    byte[] tile = {(byte) 0xFF};
    TileCodec.set(tile, 1, 0);
    assertThat(tile[0]).isEqualTo((byte) 0xF0);
    TileCodec.set(tile, 0, 5);
    assertThat(tile[0]).isEqualTo((byte) 0x50);
  }

  @Test
  void getReadsBackEveryColourAtEveryPosition() {
    byte[] tile = new byte[8];
    for (int i = 0; i < 16; i++) {
      TileCodec.set(tile, i, 15 - i);
    }
    for (int i = 0; i < 16; i++) {
      assertThat(TileCodec.get(tile, i)).isEqualTo(15 - i);
    }
  }

  @Test
  void normaliseTreatsMissingAndShortTilesAsWhite() {
    assertThat(TileCodec.normalise(null, 4)).containsExactly(0, 0, 0, 0);
    assertThat(TileCodec.normalise(new byte[] {0x12}, 3)).containsExactly(0x12, 0, 0);
    byte[] full = {1, 2};
    assertThat(TileCodec.normalise(full, 2)).isSameAs(full);
  }
}
