package dev.place.shared.canvas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CanvasGeometryTest {

  private final CanvasGeometry canvas = new CanvasGeometry(2000, 2000, 256);

  @Test
  void coordinatesMapToTileAndRowMajorIndexInsideIt() {
    assertThat(canvas.tileOf(10, 20)).isEqualTo(new TileId(0, 0));
    assertThat(canvas.indexInTile(10, 20)).isEqualTo(20 * 256 + 10);
    assertThat(canvas.tileOf(256, 511)).isEqualTo(new TileId(1, 1));
    assertThat(canvas.indexInTile(256, 511)).isEqualTo(255 * 256);
    assertThat(canvas.tileOf(1999, 1999)).isEqualTo(new TileId(7, 7));
  }

  @Test
  void edgeTilesAreCountedEvenWhenPartlyOutsideTheCanvas() {
    assertThat(canvas.tilesAcross()).isEqualTo(8);
    assertThat(canvas.tilesDown()).isEqualTo(8);
    assertThat(canvas.allTiles()).hasSize(64).startsWith(new TileId(0, 0)).endsWith(new TileId(7, 7));
    assertThat(canvas.tileBytes()).isEqualTo(256 * 256 / 2);
  }

  @Test
  void containsExactlyTheCanvasRectangle() {
    assertThat(canvas.contains(0, 0)).isTrue();
    assertThat(canvas.contains(1999, 1999)).isTrue();
    assertThat(canvas.contains(2000, 0)).isFalse();
    assertThat(canvas.contains(0, 2000)).isFalse();
    assertThat(canvas.contains(-1, 5)).isFalse();
  }

  @Test
  void oddTileSizesAreRejectedBecauseTwoPixelsShareAByte() {
    assertThatThrownBy(() -> new CanvasGeometry(10, 10, 7)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tileIdsRoundTripThroughTheirTextForm() {
    assertThat(TileId.parse("3:12")).isEqualTo(new TileId(3, 12));
    assertThat(new TileId(3, 12).toString()).isEqualTo("3:12");
    assertThatThrownBy(() -> TileId.parse("3-12")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TileId.parse(":1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TileId.parse("-1:1")).isInstanceOf(IllegalArgumentException.class);
  }
}
