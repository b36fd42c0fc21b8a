package dev.place.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.place.shared.canvas.TileCodec;
import dev.place.shared.canvas.TileId;
import dev.place.shared.moderation.ProofOfWorkChallenge;
import dev.place.shared.redis.RedisKeys;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * The challenge hook on real engines, on both delivery paths. The shared cloud asks for a challenge
 * after every 2 placements of a user (SharedCloud); the cooldown is cleared between this test's
 * placements so that it need not wait five minutes, which changes nothing the gate looks at.
 */
class PlacementChallengeIT extends OnSharedCloud {

  @Test
  void afterTwoPlacementsTheThirdWaitsForASolvedChallengeOnAPIGateway() throws Exception {
    theThirdPlacementWaitsForASolvedChallenge(ws, 1880);
  }

  @Test
  void afterTwoPlacementsTheThirdWaitsForASolvedChallengeOnTheEdge() throws Exception {
    theThirdPlacementWaitsForASolvedChallenge(cloud.edgeUrl(), 1890);
  }

  private void theThirdPlacementWaitsForASolvedChallenge(URI endpoint, int x) throws Exception {
    assertThat(cloud.config().antiAbuse().challengeEvery()).isEqualTo(2);
    TestClient.Session session = TestClient.newSession(http);
    try (TestClient client = TestClient.withTicket(session.userId(), session.token(), SignInIT.ticket(session.token()), endpoint)) {
      for (int i = 0; i < 2; i++) {
        assertThat(place(client, session, x, 380 + i, "").path("type").asText()).isEqualTo("placed");
      }
      int before = pixel(x, 382);

      JsonNode asked = place(client, session, x, 382, "");
      assertThat(asked.path("code").asText()).as(asked.toString()).isEqualTo("CHALLENGE_REQUIRED");
      assertThat(pixel(x, 382)).as("a challenged placement changes nothing").isEqualTo(before);
      String challenge = asked.path("challenge").asText();

      JsonNode wrong = place(client, session, x, 382, ",\"challenge\":\"" + challenge + "\",\"answer\":\"not-it\"");
      assertThat(wrong.path("code").asText()).isEqualTo("CHALLENGE_REQUIRED");
      assertThat(wrong.path("challenge").asText()).as("a fresh one").isNotEqualTo(challenge);

      String solved = ",\"challenge\":\"" + challenge + "\",\"answer\":\"" + ProofOfWorkChallenge.solve(challenge) + "\"";
      JsonNode placed = place(client, session, x, 382, solved);
      assertThat(placed.path("type").asText()).as(placed.toString()).isEqualTo("placed");
      assertThat(pixel(x, 382)).isEqualTo(7);
      assertThat(place(client, session, x, 383, solved).path("code").asText()).as("an answer opens the gate once")
          .isEqualTo("CHALLENGE_REQUIRED");
    }
  }

  private JsonNode place(TestClient client, TestClient.Session session, int x, int y, String extra) throws Exception {
    stores.redis.sync().del(RedisKeys.cooldown(session.userId()));
    return client.request("{\"action\":\"place\",\"x\":" + x + ",\"y\":" + y + ",\"color\":7" + extra + "}");
  }

  private int pixel(int x, int y) {
    TileId tile = stores.canvas.tileOf(x, y);
    byte[] raw = stores.redis.sync().get(RedisKeys.tilePixels(tile));
    int index = stores.canvas.indexInTile(x, y);
    // Redis keeps a tile's string only as long as its last written byte: beyond it the pixel is white.
    return raw == null || index / 2 >= raw.length ? 0 : TileCodec.get(raw, index);
  }
}
