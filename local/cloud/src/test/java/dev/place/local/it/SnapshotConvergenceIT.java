package dev.place.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.place.local.LocalCloud;
import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.canvas.TileCodec;
import dev.place.shared.canvas.TileId;
import dev.place.shared.snapshot.SnapshotPaths;
import dev.place.shared.snapshot.TileSnapshotEncoding;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A client that joins mid-stream the way the web client does (socket first, then the CDN index and
 * tile, then the buffered and live updates above the tile's snapshot sequence, refetching on a gap)
 * ends byte-identical to Redis. Also checks the CDN caching contract of what it downloaded, and
 * measures how long a placement takes to appear in the published index.
 */
class SnapshotConvergenceIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final TileId TILE = new TileId(5, 1);
  private static final int PLACEMENTS = 30;

  @Test
  void aClientLoadingSnapshotsMidStreamEndsIdenticalToRedis() throws Exception {
    LocalCloud cloud = SharedCloud.get();
    CanvasGeometry canvas = new CanvasGeometry(cloud.config().canvasWidth(), cloud.config().canvasHeight(),
        cloud.config().tileSize());
    URI index = URI.create(cloud.config().snapshotBaseUrl() + "/" + SnapshotPaths.INDEX);
    try (Stores stores = new Stores(cloud.config());
        TestClient client = TestClient.signIn(cloud.httpUrl(), cloud.webSocketUrl())) {
      client.request("{\"action\":\"hello\"}"); // 1. the socket is open: updates are buffered from here

      AtomicInteger placed = new AtomicInteger();
      AtomicLong lastSeq = new AtomicLong();
      CompletableFuture<Void> painting = CompletableFuture.runAsync(() -> {
        try {
          for (int i = 0; i < PLACEMENTS; i++) {
            try (TestClient painter = TestClient.signIn(cloud.httpUrl(), cloud.webSocketUrl())) {
              int x = TILE.tx() * 256 + (i * 37) % 50;
              int y = TILE.ty() * 256 + (i * 11) % 9;
              JsonNode answer = painter.request("{\"action\":\"place\",\"x\":" + x + ",\"y\":" + y + ",\"color\":" + (1 + i % 15) + "}");
              lastSeq.set(answer.get("seq").asLong());
              placed.incrementAndGet();
              Thread.sleep(60);
            }
          }
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      Poll.until(placed::get, n -> n >= PLACEMENTS / 2, Duration.ofSeconds(30));

      // 2. mid-stream: the index and the tile, as a browser gets them from the CDN.
      Snapshot snapshot = fetch(index, canvas);
      long seq = snapshot.seq;
      byte[] pixels = snapshot.pixels;
      assertThat(seq).as("the index already shows the first half").isPositive();

      painting.get(60, java.util.concurrent.TimeUnit.SECONDS);
      long paintedAt = System.nanoTime();
      long finalSeq = stores.canvasStore.snapshot(TILE).seq();
      assertThat(finalSeq).isGreaterThanOrEqualTo(lastSeq.get());

      // 3. buffered and live updates above the snapshot's sequence, in order; a gap refetches.
      int refetches = 0;
      while (seq < finalSeq) {
        long have = seq;
        JsonNode batch = client.await(m -> "batch".equals(m.path("type").asText()) && touches(m, have),
            Duration.ofSeconds(10)).message();
        for (JsonNode t : batch.get("tiles")) {
          if (!TILE.toString().equals(t.get("tile").asText())) {
            continue;
          }
          for (int k = 0; k < t.get("seq").size(); k++) {
            long s = t.get("seq").get(k).asLong();
            if (s <= seq) {
              continue;
            }
            if (s > seq + 1) {
              refetches++;
              Snapshot again = fetch(index, canvas);
              if (again.seq > seq) {
                seq = again.seq;
                pixels = again.pixels;
              }
              if (s <= seq) {
                continue;
              }
            }
            JsonNode px = t.get("px");
            TileCodec.set(pixels, canvas.indexInTile(px.get(3 * k).asInt(), px.get(3 * k + 1).asInt()), px.get(3 * k + 2).asInt());
            seq = Math.max(seq, s);
          }
        }
      }
      assertThat(pixels).as("snapshot + updates (%d refetches) vs Redis", refetches)
          .isEqualTo(stores.canvasStore.snapshot(TILE).pixels());

      long published = Poll.until(() -> indexSeq(index), s -> s >= finalSeq, Duration.ofSeconds(10));
      System.out.printf("snapshot publish lag: seq %d in the index %d ms after the last placement%n",
          published, (System.nanoTime() - paintedAt) / 1_000_000);
    }
  }

  @Test
  void tilesAreImmutableTheIndexShortLivedAndBothRevalidateWithETags() throws Exception {
    LocalCloud cloud = SharedCloud.get();
    try (TestClient painter = TestClient.signIn(cloud.httpUrl(), cloud.webSocketUrl())) {
      assertThat(painter.request("{\"action\":\"place\",\"x\":1400,\"y\":300,\"color\":4}").get("type").asText()).isEqualTo("placed");
    }
    URI index = URI.create(cloud.config().snapshotBaseUrl() + "/" + SnapshotPaths.INDEX);
    long seq = Poll.until(() -> indexSeq(index), s -> s > 0, Duration.ofSeconds(10));

    HttpResponse<byte[]> indexResponse = get(index, null);
    assertThat(indexResponse.headers().firstValue("cache-control")).hasValue("public, max-age=1");
    URI tile = URI.create(cloud.config().snapshotBaseUrl() + "/" + SnapshotPaths.tile(TILE, seq));
    HttpResponse<byte[]> tileResponse = get(tile, null);
    assertThat(tileResponse.statusCode()).isEqualTo(200);
    assertThat(tileResponse.headers().firstValue("cache-control")).hasValue("public, max-age=31536000, immutable");
    String etag = tileResponse.headers().firstValue("etag").orElseThrow();
    assertThat(get(tile, etag).statusCode()).as("revalidation").isEqualTo(304);
    System.out.printf("tile %s@%d: %d bytes gzip; index %d bytes%n", TILE, seq, tileResponse.body().length,
        indexResponse.body().length);

    assertThat(get(URI.create(cloud.config().snapshotBaseUrl() + "/tiles/5-1/999999999.u4.gz"), null).statusCode())
        .as("a version never published").isEqualTo(404);
  }

  private record Snapshot(long seq, byte[] pixels) {}

  private static Snapshot fetch(URI index, CanvasGeometry canvas) throws Exception {
    long seq = indexSeq(index);
    if (seq == 0) {
      return new Snapshot(0, new byte[canvas.tileBytes()]);
    }
    HttpResponse<byte[]> response = get(index.resolve(SnapshotPaths.tile(TILE, seq)), null);
    assertThat(response.statusCode()).isEqualTo(200);
    return new Snapshot(seq, TileSnapshotEncoding.decode(response.body()));
  }

  private static long indexSeq(URI index) {
    try {
      JsonNode body = TestClient.JSON.readTree(get(index, null).body());
      return body.path("tiles").path(TILE.toString()).asLong(0);
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  private static HttpResponse<byte[]> get(URI uri, String etag) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri);
    if (etag != null) {
      request.header("If-None-Match", etag);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static boolean touches(JsonNode batch, long above) {
    for (JsonNode t : batch.get("tiles")) {
      if (TILE.toString().equals(t.get("tile").asText())) {
        JsonNode seqs = t.get("seq");
        if (seqs.get(seqs.size() - 1).asLong() > above) {
          return true;
        }
      }
    }
    return false;
  }
}
