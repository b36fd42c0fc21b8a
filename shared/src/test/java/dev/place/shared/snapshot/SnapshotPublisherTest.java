package dev.place.shared.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.canvas.TileCodec;
import dev.place.shared.canvas.TileId;
import dev.place.shared.placement.CanvasStore.TileSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotPublisherTest {

  private static final CanvasGeometry CANVAS = new CanvasGeometry(512, 512, 256);

  /** An in-memory canvas whose tiles can be painted between passes. */
  private static final class FakeSource implements TileSource {
    final Map<TileId, byte[]> pixels = new HashMap<>();
    final Map<TileId, Long> seqs = new HashMap<>();
    final List<TileId> snapshotted = new ArrayList<>();

    void paint(int x, int y, int colour) {
      TileId tile = CANVAS.tileOf(x, y);
      TileCodec.set(pixels.computeIfAbsent(tile, t -> new byte[CANVAS.tileBytes()]), CANVAS.indexInTile(x, y), colour);
      seqs.merge(tile, 1L, Long::sum);
    }

    @Override
    public Map<TileId, Long> sequences(List<TileId> tiles) {
      Map<TileId, Long> result = new LinkedHashMap<>();
      tiles.forEach(t -> result.put(t, seqs.getOrDefault(t, 0L)));
      return result;
    }

    @Override
    public TileSnapshot snapshot(TileId tile) {
      snapshotted.add(tile);
      return new TileSnapshot(tile, seqs.getOrDefault(tile, 0L),
          pixels.getOrDefault(tile, new byte[CANVAS.tileBytes()]).clone());
    }
  }

  @Test
  void writesOnlyChangedTilesAsImmutableVersionsAndAnIndexOfAll(@TempDir Path dir) throws Exception {
    FakeSource source = new FakeSource();
    FileSnapshotStore store = new FileSnapshotStore(dir);
    SnapshotPublisher publisher = new SnapshotPublisher(source, store, () -> CANVAS);

    assertThat(publisher.publishOnce(1000)).isZero();
    assertThat(Files.readString(dir.resolve("latest.json")))
        .isEqualTo("{\"width\":512,\"height\":512,\"tileSize\":256,\"publishedAt\":1000,\"tiles\":{}}");

    source.paint(10, 20, 5);
    source.paint(300, 20, 7);
    source.paint(301, 20, 8);
    assertThat(publisher.publishOnce(2000)).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("latest.json"))).endsWith("\"tiles\":{\"0:0\":1,\"1:0\":2}}");
    byte[] tile10 = TileSnapshotEncoding.decode(Files.readAllBytes(dir.resolve("tiles/1-0/2.u4.gz")));
    assertThat(TileCodec.get(tile10, CANVAS.indexInTile(300, 20))).isEqualTo(7);
    assertThat(TileCodec.get(tile10, CANVAS.indexInTile(301, 20))).isEqualTo(8);

    source.snapshotted.clear();
    long indexModified = Files.getLastModifiedTime(dir.resolve("latest.json")).toMillis();
    assertThat(publisher.publishOnce(3000)).as("nothing changed").isZero();
    assertThat(source.snapshotted).as("unchanged tiles are not read").isEmpty();
    assertThat(Files.readString(dir.resolve("latest.json"))).as("index untouched").contains("\"publishedAt\":2000");

    source.paint(11, 20, 3);
    assertThat(publisher.publishOnce(4000)).isEqualTo(1);
    assertThat(source.snapshotted).containsExactly(new TileId(0, 0));
    assertThat(dir.resolve("tiles/0-0/1.u4.gz")).as("old versions stay for readers of the old index").exists();
    assertThat(dir.resolve("tiles/0-0/2.u4.gz")).exists();
    assertThat(Files.readString(dir.resolve("latest.json"))).endsWith("\"tiles\":{\"0:0\":2,\"1:0\":2}}");
    assertThat(indexModified).isPositive();
  }

  @Test
  void aGrownCanvasIsRepublishedInTheIndexAndItsNewTilesAreWatched(@TempDir Path dir) throws Exception {
    FakeSource source = new FakeSource();
    CanvasGeometry[] canvas = {new CanvasGeometry(256, 256, 256)};
    SnapshotPublisher publisher = new SnapshotPublisher(source, new FileSnapshotStore(dir), () -> canvas[0]);
    publisher.publishOnce(1);
    canvas[0] = CANVAS;
    source.paint(400, 400, 9);

    assertThat(publisher.publishOnce(2)).isEqualTo(1);
    String index = Files.readString(dir.resolve("latest.json"), StandardCharsets.UTF_8);
    assertThat(index).startsWith("{\"width\":512,\"height\":512,").endsWith("\"tiles\":{\"1:1\":1}}");
  }

  @Test
  void aTileVersionIsSmallAndRoundTrips() {
    byte[] tile = new byte[CANVAS.tileBytes()];
    TileCodec.set(tile, 12345, 15);
    byte[] gz = TileSnapshotEncoding.encode(tile);
    assertThat(gz.length).as("a mostly white 32 KB tile compresses to well under 1 KB").isLessThan(1024);
    assertThat(TileSnapshotEncoding.decode(gz)).isEqualTo(tile);
    assertThat(gz[0] & 0xff).as("plain gzip").isEqualTo(0x1f);
  }

  @Test
  void objectNamesCarryTileAndSequence() {
    assertThat(SnapshotPaths.tile(new TileId(3, 1), 42)).isEqualTo("tiles/3-1/42.u4.gz");
  }
}
