package dev.place.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.place.local.LocalCloud;
import dev.place.shared.resize.CanvasSizes;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Growing the canvas at runtime: connected clients get a {@code resize} message, new connections
 * a larger {@code hello}, and placement accepts the new area, all without a restart. The shared
 * cloud is put back to its configured size afterwards (other tests check the edges).
 */
class CanvasGrowthIT {

  @Test
  void aGrownCanvasIsAnnouncedDescribedAndPaintable() throws Exception {
    LocalCloud cloud = SharedCloud.get();
    int width = cloud.config().canvasWidth();
    int height = cloud.config().canvasHeight();
    try (Stores stores = new Stores(cloud.config());
        TestClient connected = TestClient.signIn(cloud.httpUrl(), cloud.webSocketUrl())) {
      assertThat(connected.request("{\"action\":\"hello\"}").get("height").asInt()).isEqualTo(height);
      try (TestClient before = TestClient.signIn(cloud.httpUrl(), cloud.webSocketUrl())) {
        assertThat(before.request("{\"action\":\"place\",\"x\":5,\"y\":" + (height + 50) + ",\"color\":3}")
            .get("code").asText()).isEqualTo("OUT_OF_BOUNDS");
      }
      try {
        CanvasSizes.Size grown = new CanvasSizes(stores.redis).grow(width, height + 300);
        assertThat(grown).isEqualTo(new CanvasSizes.Size(width, height + 300));
        assertThat(new CanvasSizes(stores.redis).grow(10, 10)).as("never shrinks").isEqualTo(grown);

        JsonNode resize = connected.await(m -> "resize".equals(m.path("type").asText()), Duration.ofSeconds(10)).message();
        assertThat(resize.get("height").asInt()).isEqualTo(height + 300);
        assertThat(resize.get("width").asInt()).isEqualTo(width);

        Thread.sleep(1_100); // the handlers' one-second view of the size
        try (TestClient after = TestClient.signIn(cloud.httpUrl(), cloud.webSocketUrl())) {
          assertThat(after.request("{\"action\":\"hello\"}").get("height").asInt()).isEqualTo(height + 300);
          JsonNode placed = after.request("{\"action\":\"place\",\"x\":5,\"y\":" + (height + 50) + ",\"color\":3}");
          assertThat(placed.get("type").asText()).as(placed.toString()).isEqualTo("placed");
        }
      } finally {
        stores.redis.sync().del(CanvasSizes.KEY);
        Thread.sleep(1_100);
      }
    }
  }
}
