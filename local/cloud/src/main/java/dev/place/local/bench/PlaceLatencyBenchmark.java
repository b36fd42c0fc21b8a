package dev.place.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.place.local.LocalCloud;
import dev.place.local.LocalCloudSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Measures place→visible latency on the local cloud: placer connections place pixels at a steady
 * rate while observer connections record when each placement's batch reaches them. The baseline,
 * measured in the same run, is a ping→pong round trip (WebSocket emulation + one Lambda invocation,
 * no Redis, Kafka or fanout), the floor under any placement.
 *
 * <p>{@code local/bench [placements] [observers] [placers]}; defaults 600, 20, 6.
 */
public final class PlaceLatencyBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Map<String, List<Long>> arrivals = new ConcurrentHashMap<>();

  public static void main(String[] args) throws Exception {
    int placements = args.length > 0 ? Integer.parseInt(args[0]) : 600;
    int observers = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int placers = args.length > 2 ? Integer.parseInt(args[2]) : 6;
    new PlaceLatencyBenchmark().run(placements, observers, placers);
    System.exit(0);
  }

  private void run(int placements, int observerCount, int placerCount) throws Exception {
    long start = System.nanoTime();
    // Cooldown 0 so that a few connections can place many pixels; everything else is the default.
    try (LocalCloud cloud = LocalCloud.start(LocalCloudSettings.ephemeral(Path.of("target", "bench-cloud"),
        Map.of("PLACE_COOLDOWN_SECONDS", "0", "PLACE_IP_LIMIT_PER_MINUTE", "1000000", "PLACE_CONNECTION_MESSAGE_LIMIT", "0")))) {
      System.out.printf("local cloud started in %d ms %s%n", (System.nanoTime() - start) / 1_000_000, cloud.startupMillis());
      List<Client> observers = new ArrayList<>();
      for (int i = 0; i < observerCount; i++) {
        Client c = new Client(cloud);
        c.request("{\"action\":\"hello\"}");
        observers.add(c);
      }
      List<Client> placers = new ArrayList<>();
      for (int i = 0; i < placerCount; i++) {
        Client c = new Client(cloud);
        c.request("{\"action\":\"hello\"}");
        placers.add(c);
      }
      // Warm every execution environment and the fanout path before measuring.
      for (Client p : placers) {
        p.request("{\"action\":\"place\",\"x\":1,\"y\":1,\"color\":1}");
        p.request("{\"action\":\"ping\"}");
      }
      Thread.sleep(500);
      arrivals.clear();

      long[] pingRtt = new long[200];
      for (int i = 0; i < pingRtt.length; i++) {
        long t0 = System.nanoTime();
        placers.get(0).request("{\"action\":\"ping\"}");
        pingRtt[i] = System.nanoTime() - t0;
      }

      // The JIT needs a few thousand calls through every path; measure a warm system, as in production.
      place(placers, placements / 2, new ConcurrentHashMap<>(), new CopyOnWriteArrayList<>());
      Thread.sleep(1000);
      arrivals.clear();
      Map<String, Long> sentAt = new ConcurrentHashMap<>();
      List<Long> toPlaced = new CopyOnWriteArrayList<>();
      place(placers, placements, sentAt, toPlaced);
      Thread.sleep(1000);

      List<Long> visible = new ArrayList<>();
      int missing = 0;
      for (Map.Entry<String, Long> sent : sentAt.entrySet()) {
        List<Long> seen = arrivals.getOrDefault(sent.getKey(), List.of());
        if (seen.size() < observerCount) {
          missing++;
          continue;
        }
        visible.add(seen.stream().mapToLong(Long::longValue).max().orElseThrow() - sent.getValue());
      }
      System.out.printf("%n%d placements by %d connections, %d observers, fanout interval %d ms%n",
          sentAt.size(), placerCount, observerCount, cloud.config().fanoutInterval().toMillis());
      System.out.println("| measurement | p50 ms | p95 ms | p99 ms | max ms |");
      System.out.println("|---|---|---|---|---|");
      row("baseline: ping → pong (emulator + Lambda invoke)", toList(pingRtt));
      row("place → placed (validate, limits, cooldown, Redis script, Kafka acks=all)", toPlaced);
      row("place → visible on every observer (the 500 ms target)", visible);
      System.out.printf("placements not seen by every observer: %d%n", missing);
      for (Client c : observers) {
        c.close();
      }
      for (Client c : placers) {
        c.close();
      }
    }
  }

  /** Each placer places its share at about 10 placements per second. */
  private static void place(List<Client> placers, int placements, Map<String, Long> sentAt, List<Long> toPlaced)
      throws Exception {
    int perPlacer = placements / placers.size();
    long intervalNanos = TimeUnit.MILLISECONDS.toNanos(100); // ~10 placements/s per placer
    List<CompletableFuture<Void>> runs = new ArrayList<>();
    // One thread per placer: the common pool has a single thread on two cores.
    java.util.concurrent.ExecutorService lanes = java.util.concurrent.Executors.newFixedThreadPool(placers.size());
    for (int p = 0; p < placers.size(); p++) {
      Client placer = placers.get(p);
      int lane = p;
      runs.add(CompletableFuture.runAsync(() -> {
        long next = System.nanoTime();
        for (int i = 0; i < perPlacer; i++) {
          int x = (lane * 311 + i * 7) % 2000;
          int y = (i * 13 + lane) % 2000;
          long t0 = System.nanoTime();
          JsonNode placed = placer.request("{\"action\":\"place\",\"x\":" + x + ",\"y\":" + y + ",\"color\":" + (i % 16) + "}");
          toPlaced.add(System.nanoTime() - t0);
          sentAt.put(placed.get("tile").asText() + "#" + placed.get("seq").asLong(), t0);
          next += intervalNanos;
          long sleep = next - System.nanoTime();
          if (sleep > 0) {
            try {
              Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
        }
      }, lanes));
    }
    CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
    lanes.shutdown();
  }

  private static List<Long> toList(long[] values) {
    List<Long> list = new ArrayList<>();
    for (long v : values) {
      list.add(v);
    }
    return list;
  }

  private static void row(String name, List<Long> nanos) {
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    if (sorted.length == 0) {
      System.out.printf("| %s | - | - | - | - |%n", name);
      return;
    }
    System.out.printf("| %s | %.1f | %.1f | %.1f | %.1f |%n", name, pct(sorted, 50), pct(sorted, 95), pct(sorted, 99),
        sorted[sorted.length - 1] / 1e6);
  }

  private static double pct(long[] sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }

  private final class Client implements WebSocket.Listener {
    private final WebSocket socket;
    private final LinkedBlockingQueue<JsonNode> answers = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();

    Client(LocalCloud cloud) throws Exception {
      HttpResponse<String> session = HTTP.send(HttpRequest.newBuilder(cloud.httpUrl().resolve("/api/v1/session"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      String token = JSON.readTree(session.body()).get("token").asText();
      socket = HTTP.newWebSocketBuilder().buildAsync(URI.create(cloud.webSocketUrl() + "?token=" + token), this).join();
    }

    JsonNode request(String text) {
      socket.sendText(text, true).join();
      try {
        JsonNode answer = answers.poll(30, TimeUnit.SECONDS);
        if (answer == null) {
          throw new IllegalStateException("no answer to " + text);
        }
        return answer;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    void close() {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
    }

    private void arrived(String tile, long seq, long now) {
      arrivals.computeIfAbsent(tile + "#" + seq, k -> new CopyOnWriteArrayList<>()).add(now);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      long now = System.nanoTime();
      partial.append(data);
      if (last) {
        try {
          JsonNode m = JSON.readTree(partial.toString());
          if ("batch".equals(m.path("type").asText())) {
            for (JsonNode t : m.get("tiles")) {
              if (t.has("seq")) {
                for (JsonNode s : t.get("seq")) {
                  arrived(t.get("tile").asText(), s.asLong(), now);
                }
              } else if (!t.has("resync")) {
                // A coalesced run makes every sequence in its range visible at once.
                for (long s = t.get("from").asLong(); s <= t.get("to").asLong(); s++) {
                  arrived(t.get("tile").asText(), s, now);
                }
              }
            }
          } else {
            answers.add(m);
          }
        } catch (Exception e) {
          throw new IllegalStateException("unreadable message " + partial, e);
        }
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }
  }
}
