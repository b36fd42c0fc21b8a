package dev.place.local.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.place.shared.canvas.TileCodec;
import dev.place.shared.canvas.TileId;
import dev.place.shared.delivery.BinaryBatchCodec;
import dev.place.shared.delivery.TileRun;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A watcher that reads batches in any encoding on any path (JSON text, base64 text through API
 * Gateway, binary frames on the edge) and keeps the runs it received, in order, as the shared
 * model, so that what two paths delivered can be compared run for run.
 */
final class RunWatcher implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final int tileSize;
  private final BinaryBatchCodec binary;
  private final WebSocket socket;
  final List<TileRun> runs = new CopyOnWriteArrayList<>();
  private final LinkedBlockingQueue<JsonNode> answers = new LinkedBlockingQueue<>();

  RunWatcher(URI webSocketUrl, String token, int tileSize) {
    this.tileSize = tileSize;
    this.binary = new BinaryBatchCodec(tileSize);
    this.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
        .buildAsync(URI.create(webSocketUrl + (webSocketUrl.getQuery() == null ? "?" : "&") + "token=" + token), new Listener())
        .join();
  }

  /** Sends a request and returns its answer (anything that is not a batch). */
  JsonNode request(String text) throws InterruptedException {
    socket.sendText(text, true).join();
    JsonNode answer = answers.poll(10, TimeUnit.SECONDS);
    if (answer == null) {
      throw new AssertionError("no answer to " + text);
    }
    return answer;
  }

  /**
   * The tile as this watcher's view has it: a snapshot ({@code seq}, {@code snapshot}) and every run
   * received after it applied by the protocol's rule.
   */
  byte[] view(TileId tile, long seq, byte[] snapshot) {
    byte[] pixels = snapshot.clone();
    long mine = seq;
    for (TileRun run : runs) {
      if (!run.tile().equals(tile) || run.lastSeq() <= mine) {
        continue;
      }
      if (run.firstSeq() > mine + 1 || run.kind() == TileRun.Kind.RESYNC) {
        throw new AssertionError("a gap or resync at " + run + " after " + mine + ": the watcher would have to refetch");
      }
      for (int p : run.pixels()) {
        TileCodec.set(pixels, TileRun.indexOf(p), TileRun.colourOf(p));
      }
      mine = run.lastSeq();
    }
    return pixels;
  }

  long highestSeq(TileId tile) {
    return runs.stream().filter(r -> r.tile().equals(tile)).mapToLong(TileRun::lastSeq).max().orElse(0);
  }

  /** Every (seq, pixel) this watcher got one by one for the tile: comparable across paths when nobody lagged. */
  List<String> sequenceOf(TileId tile) {
    List<String> entries = new ArrayList<>();
    for (TileRun run : runs) {
      if (run.tile().equals(tile)) {
        entries.add(run.kind() + " " + run.firstSeq() + ".." + run.lastSeq() + " " + java.util.Arrays.toString(run.pixels()));
      }
    }
    return entries;
  }

  private void onText(String text) throws Exception {
    if (!text.startsWith("{")) {
      runs.addAll(binary.decode(Base64.getDecoder().decode(text)));
      return;
    }
    JsonNode message = JSON.readTree(text);
    if (!"batch".equals(message.path("type").asText())) {
      answers.add(message);
      return;
    }
    for (JsonNode t : message.get("tiles")) {
      TileId tile = TileId.parse(t.get("tile").asText());
      if (t.has("resync")) {
        runs.add(TileRun.resync(tile, t.get("from").asLong(), t.get("to").asLong()));
        continue;
      }
      JsonNode px = t.get("px");
      int[] pixels = new int[px.size() / 3];
      for (int i = 0; i < pixels.length; i++) {
        int x = px.get(3 * i).asInt() % tileSize;
        int y = px.get(3 * i + 1).asInt() % tileSize;
        pixels[i] = TileRun.pixel(y * tileSize + x, px.get(3 * i + 2).asInt());
      }
      runs.add(t.has("seq") ? TileRun.sequence(tile, t.get("seq").get(0).asLong(), pixels)
          : TileRun.coalesced(tile, t.get("from").asLong(), t.get("to").asLong(), pixels));
    }
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        try {
          RunWatcher.this.onText(text.toString());
        } catch (Exception e) {
          answers.add(JSON.createObjectNode().put("type", "unreadable").put("error", e.toString()));
        }
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] chunk = new byte[data.remaining()];
      data.get(chunk);
      bytes.writeBytes(chunk);
      if (last) {
        runs.addAll(binary.decode(bytes.toByteArray()));
        bytes.reset();
      }
      ws.request(1);
      return null;
    }
  }
}
