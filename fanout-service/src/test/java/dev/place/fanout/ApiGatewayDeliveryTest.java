package dev.place.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.canvas.TileId;
import dev.place.shared.delivery.DeliveryPreferences;
import dev.place.shared.delivery.Encoding;
import dev.place.shared.delivery.JsonBatchCodec;
import dev.place.shared.delivery.Subscription;
import dev.place.shared.delivery.TileRun;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;

class ApiGatewayDeliveryTest {

  private static final int TILE_SIZE = 16;
  private static final DeliveryPreferences JSON_ALL = DeliveryPreferences.DEFAULT;
  private static final DeliveryPreferences BINARY_ALL = new DeliveryPreferences(Encoding.BINARY, Subscription.ALL);

  private final ScriptedApi api = new ScriptedApi();
  private final AtomicLong now = new AtomicLong(1_000);
  private final Map<String, DeliveryPreferences> bucket = new HashMap<>();
  private final AtomicLong version = new AtomicLong();
  private final List<String> unregistered = new ArrayList<>();
  private final GatewayMessages messages = new GatewayMessages(TILE_SIZE, GatewayMessages.MAX_MESSAGE_BYTES);
  private final ApiGatewayDelivery delivery = new ApiGatewayDelivery(
      new OwnedConnections(new OneBucket()), () -> Set.of(0), messages,
      new ConnectionPusher(api, 100, messages, now::get, Runnable::run), unregistered::add, now::get);

  private final List<TileRun> interval = List.of(
      TileRun.sequence(new TileId(0, 0), 5, TileRun.pixel(10, 5), TileRun.pixel(11, 3)),
      TileRun.sequence(new TileId(1, 0), 1, TileRun.pixel(200, 15)),
      TileRun.sequence(new TileId(2, 2), 9, TileRun.pixel(0, 1)));

  private void connect(String connectionId, DeliveryPreferences preferences) {
    bucket.put(connectionId, preferences);
    version.incrementAndGet();
  }

  @Test
  void connectionsWithTheSamePreferencesShareOneEncodingPerInterval() {
    connect("j1", JSON_ALL);
    connect("j2", JSON_ALL);
    connect("j3", JSON_ALL);
    connect("b1", BINARY_ALL);
    connect("b2", BINARY_ALL);

    delivery.deliver(interval);

    assertThat(messages.encodings.sum()).isEqualTo(2);
    assertThat(api.calls).hasSize(5);
    String json = new JsonBatchCodec(TILE_SIZE).encode(interval, GatewayMessages.MAX_MESSAGE_BYTES).get(0);
    assertThat(json).isEqualTo("{\"type\":\"batch\",\"tiles\":[{\"tile\":\"0:0\",\"seq\":[5,6],\"px\":[10,0,5,11,0,3]},"
        + "{\"tile\":\"1:0\",\"seq\":[1],\"px\":[24,12,15]},{\"tile\":\"2:2\",\"seq\":[9],\"px\":[32,32,1]}]}");
    for (String id : List.of("j1", "j2", "j3")) {
      assertThat(api.payloadsTo(id)).containsExactly(json);
    }
    assertThat(api.payloadsTo("b1")).isEqualTo(api.payloadsTo("b2"));
  }

  @Test
  void binaryConnectionsReceiveBase64TextThatDecodesToTheSameRuns() {
    connect("b1", BINARY_ALL);

    delivery.deliver(interval);

    String payload = api.payloadsTo("b1").get(0);
    assertThat(payload).matches("[A-Za-z0-9+/]+=*");
    assertThat(ClientView.decode(TILE_SIZE, payload)).isEqualTo(interval);
  }

  @Test
  void aSubscriptionGetsOnlyTheRunsOfItsTilesAndNothingWhenNoneChanged() {
    connect("left", new DeliveryPreferences(Encoding.BINARY, new Subscription(0, 0, 1, 1)));
    connect("corner", new DeliveryPreferences(Encoding.BINARY, new Subscription(2, 2, 2, 2)));
    connect("empty", new DeliveryPreferences(Encoding.BINARY, new Subscription(5, 5, 9, 9)));
    connect("placer", new DeliveryPreferences(Encoding.BINARY, Subscription.NONE));

    delivery.deliver(interval);

    assertThat(ClientView.decode(TILE_SIZE, api.payloadsTo("left").get(0))).containsExactly(interval.get(0), interval.get(1));
    assertThat(ClientView.decode(TILE_SIZE, api.payloadsTo("corner").get(0))).containsExactly(interval.get(2));
    assertThat(api.callsTo("empty")).isEmpty();
    assertThat(api.callsTo("placer")).isEmpty();
    assertThat(messages.encodings.sum()).isEqualTo(2);
  }

  @Test
  void aResubscribedConnectionGetsItsNewTilesFromTheNextInterval() {
    connect("c1", new DeliveryPreferences(Encoding.BINARY, new Subscription(2, 2, 2, 2)));
    delivery.deliver(interval);
    api.succeed("c1");
    connect("c1", new DeliveryPreferences(Encoding.BINARY, new Subscription(1, 0, 1, 0)));

    delivery.deliver(List.of(TileRun.sequence(new TileId(1, 0), 2, TileRun.pixel(3, 3)),
        TileRun.sequence(new TileId(2, 2), 10, TileRun.pixel(4, 4))));

    assertThat(ClientView.decode(TILE_SIZE, api.payloadsTo("c1").get(1)))
        .containsExactly(TileRun.sequence(new TileId(1, 0), 2, TileRun.pixel(3, 3)));
  }

  @Test
  void goneConnectionsAreUnregisteredOnTheNextInterval() {
    connect("c1", JSON_ALL);
    delivery.deliver(interval);
    api.fail("c1", GoneException.builder().message("gone").build());
    assertThat(unregistered).isEmpty();

    delivery.maintain();

    assertThat(unregistered).containsExactly("c1");
  }

  @Test
  void aBroadcastReachesEveryOwnedConnectionWhateverItsSubscription() {
    connect("c1", JSON_ALL);
    connect("c2", new DeliveryPreferences(Encoding.BINARY, new Subscription(7, 7, 7, 7)));

    delivery.broadcast("{\"type\":\"resize\",\"width\":2000}");

    assertThat(api.payloadsTo("c1")).containsExactly("{\"type\":\"resize\",\"width\":2000}");
    assertThat(api.payloadsTo("c2")).containsExactly("{\"type\":\"resize\",\"width\":2000}");
  }

  /** A registry of one bucket whose version moves with every change, as the real one's does. */
  private final class OneBucket implements OwnedConnections.Source {
    @Override
    public Map<Integer, Long> versions(Set<Integer> buckets) {
      return Map.of(0, version.get());
    }

    @Override
    public Map<String, DeliveryPreferences> connectionsWithPreferences(int bucketId) {
      return new HashMap<>(bucket);
    }
  }
}
