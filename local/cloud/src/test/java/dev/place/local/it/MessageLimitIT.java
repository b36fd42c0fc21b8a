package dev.place.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.place.shared.canvas.TileCodec;
import dev.place.shared.canvas.TileId;
import dev.place.shared.redis.RedisKeys;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * The per-connection message limit on real engines, on both delivery paths: API Gateway's (counted
 * in Redis, whichever execution environment answers) and the edge's (counted in memory, per socket).
 * Over the limit every message is refused with {@code TOO_MANY_MESSAGES} and a retry time, a refused
 * placement changes nothing and spends no cooldown, and the next window lets the connection talk again.
 */
class MessageLimitIT extends OnSharedCloud {

  @Test
  void overTheLimitAConnectionIsRefusedUntilTheWindowEndsOnAPIGateway() throws Exception {
    overTheLimitAConnectionIsRefusedUntilTheWindowEnds(ws, 1870, 370);
  }

  @Test
  void overTheLimitAConnectionIsRefusedUntilTheWindowEndsOnTheEdge() throws Exception {
    overTheLimitAConnectionIsRefusedUntilTheWindowEnds(cloud.edgeUrl(), 1871, 371);
  }

  private void overTheLimitAConnectionIsRefusedUntilTheWindowEnds(URI endpoint, int x, int y) throws Exception {
    int limit = cloud.config().antiAbuse().connectionMessageLimit();
    assertThat(limit).as("the shared cloud runs the documented default").isEqualTo(120);
    TestClient.Session session = TestClient.newSession(http);
    try (TestClient client = TestClient.withTicket(session.userId(), session.token(), SignInIT.ticket(session.token()), endpoint);
        TestClient neighbour = TestClient.withTicket(session.userId(), session.token(), SignInIT.ticket(session.token()), endpoint)) {
      // Fixed windows: a burst may straddle two, so the refusal comes within two windows' worth.
      JsonNode refused = null;
      int answered = 0;
      while (refused == null && answered <= 2 * limit) {
        JsonNode answer = client.request("{\"action\":\"ping\"}");
        if ("error".equals(answer.path("type").asText())) {
          refused = answer;
        } else {
          assertThat(answer.path("type").asText()).isEqualTo("pong");
          answered++;
        }
      }
      assertThat(refused).as("refused within two windows of pings").isNotNull();
      assertThat(answered).isGreaterThanOrEqualTo(limit);
      assertThat(refused.path("code").asText()).isEqualTo("TOO_MANY_MESSAGES");
      assertThat(refused.path("retryAfter").asInt()).isBetween(1, 10);

      int before = pixel(x, y);
      JsonNode place = client.request("{\"action\":\"place\",\"x\":" + x + ",\"y\":" + y + ",\"color\":11,\"id\":\"p\"}");
      assertThat(place.path("code").asText()).as(place.toString()).isEqualTo("TOO_MANY_MESSAGES");
      assertThat(place.path("id").asText()).isEqualTo("p");
      assertThat(pixel(x, y)).as("a refused placement changes nothing").isEqualTo(before);
      assertThat(neighbour.request("{\"action\":\"ping\"}").path("type").asText())
          .as("another connection of the same user counts on its own").isEqualTo("pong");

      Thread.sleep(Math.max(0, place.path("retryAt").asLong() - System.currentTimeMillis()) + 200);
      JsonNode placed = client.request("{\"action\":\"place\",\"x\":" + x + ",\"y\":" + y + ",\"color\":11}");
      assertThat(placed.path("type").asText()).as("the refusal spent no cooldown: " + placed).isEqualTo("placed");
      assertThat(pixel(x, y)).isEqualTo(11);
    }
  }

  private int pixel(int x, int y) {
    TileId tile = stores.canvas.tileOf(x, y);
    byte[] raw = stores.redis.sync().get(RedisKeys.tilePixels(tile));
    int index = stores.canvas.indexInTile(x, y);
    // Redis keeps a tile's string only as long as its last written byte: beyond it the pixel is white.
    return raw == null || index / 2 >= raw.length ? 0 : TileCodec.get(raw, index);
  }
}
