package dev.place.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.place.fanout.FanoutMain;
import dev.place.shared.canvas.TileId;
import dev.place.shared.redis.RedisCooldowns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiAsyncClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

/** Cooldown under concurrency, bad input, size limits and the @connections contract, end to end. */
class PlacementRulesIT extends OnSharedCloud {

  @Test
  void fiftyConcurrentPlacementsByOneUserYieldExactlyOneSuccess() throws Exception {
    TileId tile = new TileId(5, 5);
    long seqBefore = stores.canvasStore.snapshot(tile).seq();
    List<TestClient> tabs = new ArrayList<>();
    try (TestClient first = TestClient.signIn(http, ws)) {
      tabs.add(first);
      for (int i = 1; i < 50; i++) {
        tabs.add(first.sameUser(ws));
      }
      List<CompletableFuture<JsonNode>> answers = new ArrayList<>();
      for (int i = 0; i < tabs.size(); i++) {
        TestClient tab = tabs.get(i);
        String place = "{\"action\":\"place\",\"x\":" + (1280 + i) + ",\"y\":1290,\"color\":" + (1 + i % 15) + "}";
        answers.add(CompletableFuture.supplyAsync(() -> {
          try {
            return tab.request(place);
          } catch (InterruptedException e) {
            throw new CompletionException(e);
          }
        }));
      }
      List<String> outcomes = new ArrayList<>();
      for (CompletableFuture<JsonNode> answer : answers) {
        JsonNode m = answer.get(30, TimeUnit.SECONDS);
        outcomes.add("placed".equals(m.get("type").asText()) ? "placed" : m.get("code").asText());
      }
      assertThat(outcomes).filteredOn("placed"::equals).hasSize(1);
      assertThat(outcomes).filteredOn("COOLDOWN"::equals).hasSize(49);
      assertThat(stores.canvasStore.snapshot(tile).seq()).isEqualTo(seqBefore + 1);
    } finally {
      tabs.forEach(TestClient::close);
    }
  }

  @Test
  void badInputGetsTheDocumentedErrorAndChangesNothing() throws Exception {
    TileId tile = new TileId(6, 6);
    try (TestClient client = TestClient.signIn(http, ws)) {
      long seqBefore = stores.canvasStore.snapshot(tile).seq();
      byte[] pixelsBefore = stores.canvasStore.snapshot(tile).pixels();
      String[][] cases = {
          {"{\"action\":\"place\",\"x\":1540,\"y\":1540,\"color\":16}", "INVALID_COLOR"},
          {"{\"action\":\"place\",\"x\":1540,\"y\":1540,\"color\":-1}", "INVALID_COLOR"},
          {"{\"action\":\"place\",\"x\":2000,\"y\":1540,\"color\":1}", "OUT_OF_BOUNDS"},
          {"{\"action\":\"place\",\"x\":1540,\"y\":-5,\"color\":1}", "OUT_OF_BOUNDS"},
          {"{\"action\":\"place\",\"x\":1540.5,\"y\":1540,\"color\":1}", "INVALID_FIELD"},
          {"{\"action\":\"place\",\"x\":\"1540\",\"y\":1540,\"color\":1}", "INVALID_FIELD"},
          {"{\"action\":\"place\",\"y\":1540,\"color\":1}", "INVALID_FIELD"},
          {"{\"action\":\"place\",\"x\":1540,\"y\":1540,\"color\":1", "INVALID_JSON"},
          {"{\"action\":\"place\",\"x\":1540,\"y\":1540,\"color\":1,\"pad\":\"" + "x".repeat(4000) + "\"}", "MESSAGE_TOO_LARGE"},
          {"place 1540 1540 1", "INVALID_JSON"},
      };
      for (String[] c : cases) {
        JsonNode answer = client.request(c[0]);
        assertThat(answer.get("type").asText()).as(c[0]).isEqualTo("error");
        assertThat(answer.get("code").asText()).as(c[0]).isEqualTo(c[1]);
        assertThat(answer.get("message").asText()).as(c[0]).isNotBlank();
      }
      assertThat(stores.canvasStore.snapshot(tile).seq()).isEqualTo(seqBefore);
      assertThat(stores.canvasStore.snapshot(tile).pixels()).isEqualTo(pixelsBefore);
      assertThat(new RedisCooldowns(stores.redis).remaining(client.userId)).isEqualTo(Duration.ZERO);
      assertThat(client.request("{\"action\":\"place\",\"x\":1540,\"y\":1540,\"color\":1}").get("type").asText())
          .isEqualTo("placed");
    }
  }

  @Test
  void aFrameOverApiGatewaysMessageLimitClosesTheConnectionWith1009() throws Exception {
    try (TestClient client = TestClient.signIn(http, ws)) {
      client.send("{\"action\":\"ping\",\"pad\":\"" + "x".repeat(130 * 1024) + "\"}");
      assertThat(client.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
    }
  }

  @Test
  void postingToAClosedConnectionThrowsGoneException() throws Exception {
    try (ApiGatewayManagementApiAsyncClient api = FanoutMain.connectionsClient(cloud.config())) {
      String connectionId;
      try (TestClient client = TestClient.signIn(http, ws)) {
        client.request("{\"action\":\"ping\"}");
        connectionId = Poll.until(() -> stores.registryConnectionOf(client.userId), id -> id != null, Duration.ofSeconds(5));
        api.postToConnection(b -> b.connectionId(connectionId).data(SdkBytes.fromUtf8String("{\"type\":\"hi\"}"))).join();
        assertThat(client.awaitType("hi")).isNotNull();
      }
      assertThat(Poll.until(() -> {
        try {
          api.postToConnection(b -> b.connectionId(connectionId).data(SdkBytes.fromUtf8String("late"))).join();
          return null;
        } catch (CompletionException e) {
          return e.getCause();
        }
      }, error -> error != null, Duration.ofSeconds(5))).isInstanceOf(GoneException.class);
    }
  }
}
