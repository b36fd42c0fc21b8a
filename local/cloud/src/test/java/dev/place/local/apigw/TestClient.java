package dev.place.local.apigw;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A WebSocket client on the JDK's HttpClient that records what the server sends. */
final class TestClient implements WebSocket.Listener, AutoCloseable {

  record Closed(int statusCode, String reason) {
  }

  static final HttpClient HTTP = HttpClient.newHttpClient();

  final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
  final BlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
  final CompletableFuture<Closed> closed = new CompletableFuture<>();
  private final StringBuilder partialText = new StringBuilder();
  private WebSocket socket;

  static TestClient connect(URI uri) {
    TestClient client = new TestClient();
    client.socket = HTTP.newWebSocketBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .buildAsync(uri, client)
        .orTimeout(10, TimeUnit.SECONDS)
        .join();
    return client;
  }

  WebSocket socket() {
    return socket;
  }

  void send(String text) {
    socket.sendText(text, true).join();
  }

  String nextText() throws InterruptedException {
    String text = texts.poll(10, TimeUnit.SECONDS);
    if (text == null) {
      throw new AssertionError("no text frame within 10 s");
    }
    return text;
  }

  Closed awaitClose() {
    return closed.orTimeout(10, TimeUnit.SECONDS).join();
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partialText.append(data);
    if (last) {
      texts.add(partialText.toString());
      partialText.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    byte[] bytes = new byte[data.remaining()];
    data.get(bytes);
    binaries.add(bytes);
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(new Closed(statusCode, reason));
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.complete(new Closed(-1, String.valueOf(error)));
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(ignored -> null);
    }
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
