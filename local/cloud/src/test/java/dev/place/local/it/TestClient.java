package dev.place.local.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A WebSocket client as a browser would be: it signs in over HTTP, connects with its token, reads JSON messages. */
public final class TestClient implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final String userId;
  final String token;
  private final WebSocket socket;
  private final LinkedBlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
  final CompletableFuture<Integer> closed = new CompletableFuture<>();

  record Received(JsonNode message, long atNanos) {}

  private TestClient(String userId, String token, URI ws) {
    this(userId, token, URI.create(ws + "?token=" + token), true);
  }

  private TestClient(String userId, String token, URI handshake, boolean unused) {
    this.userId = userId;
    this.token = token;
    this.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
        .buildAsync(handshake, new Listener()).join();
  }

  /** A connection of the session's user opened with a connect ticket ({@code ?ticket=}), as the web client does. */
  static TestClient withTicket(String userId, String token, String ticket, URI ws) {
    return new TestClient(userId, token, URI.create(ws + "?ticket=" + ticket), true);
  }

  /** A connection opened with the deprecated session token in the query ({@code ?token=}). */
  static TestClient withToken(String userId, String token, URI ws) {
    return new TestClient(userId, token, ws);
  }

  /** A new guest: POST /api/v1/session, then connect with the token. */
  static TestClient signIn(URI http, URI ws) throws Exception {
    Session s = newSession(http);
    return new TestClient(s.userId, s.token, ws);
  }

  /** Another connection of the same user (another tab). */
  TestClient sameUser(URI ws) {
    return new TestClient(userId, token, ws);
  }

  record Session(String userId, String token) {}

  static Session newSession(URI http) throws Exception {
    HttpResponse<String> response = HTTP.send(
        HttpRequest.newBuilder(http.resolve("/api/v1/session")).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException("session: " + response.statusCode() + " " + response.body());
    }
    JsonNode body = JSON.readTree(response.body());
    return new Session(body.get("userId").asText(), body.get("token").asText());
  }

  void send(String text) {
    socket.sendText(text, true).join();
  }

  /** The first message satisfying the predicate (others stay queued for later awaits are discarded). */
  Received await(Predicate<JsonNode> wanted, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Received> skipped = new ArrayList<>();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        Received r = inbox.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
        if (r == null) {
          throw new AssertionError("no matching message within " + timeout + "; saw " + skipped);
        }
        if (wanted.test(r.message())) {
          return r;
        }
        skipped.add(r);
      }
    } finally {
      inbox.addAll(skipped);
    }
  }

  JsonNode awaitType(String type) throws InterruptedException {
    return await(m -> type.equals(m.path("type").asText()), Duration.ofSeconds(10)).message();
  }

  /** Sends and returns the direct answer (placed, error, hello or pong). */
  JsonNode request(String text) throws InterruptedException {
    send(text);
    return await(m -> !"batch".equals(m.path("type").asText()), Duration.ofSeconds(10)).message();
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          inbox.add(new Received(JSON.readTree(partial.toString()), System.nanoTime()));
        } catch (Exception e) {
          inbox.add(new Received(JSON.createObjectNode().put("type", "unparseable").put("raw", partial.toString()), System.nanoTime()));
        }
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.completeExceptionally(error);
    }
  }
}
