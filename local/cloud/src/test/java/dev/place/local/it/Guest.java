package dev.place.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.place.local.LocalCloud;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** A new guest, as a user is: a session from the HTTP API, then one placement through the WebSocket API. */
public final class Guest {

  /** What the placement got: the guest's user id and the placement's tile sequence number. */
  public record Placement(String userId, long seq) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private Guest() {}

  /** Places one pixel and returns once the {@code placed} answer arrived (asserting it is one). */
  public static Placement place(LocalCloud cloud, int x, int y, int colour) throws Exception {
    HttpResponse<String> s = HTTP.send(HttpRequest.newBuilder(cloud.httpUrl().resolve("/api/v1/session"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode session = JSON.readTree(s.body());
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    WebSocket ws = HTTP.newWebSocketBuilder()
        .buildAsync(URI.create(cloud.webSocketUrl() + "?token=" + session.get("token").asText()), new WebSocket.Listener() {
          private final StringBuilder text = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
              try {
                JsonNode m = JSON.readTree(text.toString());
                if (!"batch".equals(m.path("type").asText())) {
                  answer.complete(m);
                }
              } catch (Exception e) {
                answer.completeExceptionally(e);
              }
              text.setLength(0);
            }
            socket.request(1);
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    try {
      ws.sendText("{\"action\":\"place\",\"x\":" + x + ",\"y\":" + y + ",\"color\":" + colour + "}", true).get(10, TimeUnit.SECONDS);
      JsonNode m = answer.get(10, TimeUnit.SECONDS);
      assertThat(m.get("type").asText()).as(m.toString()).isEqualTo("placed");
      return new Placement(session.get("userId").asText(), m.get("seq").asLong());
    } finally {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
    }
  }
}
