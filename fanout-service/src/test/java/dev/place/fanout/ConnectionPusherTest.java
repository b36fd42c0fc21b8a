package dev.place.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.canvas.TileId;
import dev.place.shared.delivery.Encoding;
import dev.place.shared.delivery.TileRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.ApiGatewayManagementApiException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.LimitExceededException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PayloadTooLargeException;

class ConnectionPusherTest {

  private static final int TILE_SIZE = 16;
  private static final TileId A = new TileId(0, 0);
  private static final TileId B = new TileId(1, 0);

  private final ScriptedApi api = new ScriptedApi();
  private final AtomicLong now = new AtomicLong(1_000);
  private final GatewayMessages messages = new GatewayMessages(TILE_SIZE, GatewayMessages.MAX_MESSAGE_BYTES);
  private final Canvas canvas = new Canvas();

  private ConnectionPusher pusher(int concurrency) {
    return new ConnectionPusher(api, concurrency, messages, now::get, Runnable::run);
  }

  /** One interval: the same shared message for every given connection, as the delivery makes it. */
  private void interval(ConnectionPusher pusher, List<TileRun> runs, String... connectionIds) {
    OutboundMessage shared = messages.encode(Encoding.BINARY, runs, now.get());
    for (String id : connectionIds) {
      pusher.offer(id, Encoding.BINARY, shared);
    }
  }

  private ClientView viewOf(String connectionId) {
    return new ClientView(TILE_SIZE).apply(api.payloadsTo(connectionId));
  }

  @Test
  void aConnectionWhoseLeaseIsNotTrustedIsSentNothingAndKeepsItsUpdatesUntilTheLeaseIsRenewed() {
    java.util.concurrent.atomic.AtomicBoolean trusted = new java.util.concurrent.atomic.AtomicBoolean(false);
    ConnectionPusher pusher = new ConnectionPusher(api, 10, messages, now::get, Runnable::run,
        id -> !id.equals("stalled") || trusted.get());
    for (int i = 0; i < 3; i++) {
      interval(pusher, canvas.paint(A, 2), "stalled", "other");
      api.succeed("other");
    }
    assertThat(api.callsTo("stalled")).as("a fenced connection is never posted to").isEmpty();
    assertThat(pusher.fencedCalls.sum()).isPositive();

    trusted.set(true); // the next rebalance renewed the lease
    pusher.resumeFenced();
    api.succeed("stalled"); // the message it was about to send when the fence stopped it
    api.succeed("stalled"); // the rest, merged while it waited
    assertThat(api.callsTo("stalled")).hasSize(2);

    assertThat(viewOf("stalled").tile(A)).isEqualTo(canvas.tile(A));
    assertThat(viewOf("stalled").seq(A)).isEqualTo(viewOf("other").seq(A));
  }

  @Test
  void aConnectionTakenOverGetsItsCatchUpBeforeTheIntervalsRunsAndNeverASequenceTwiceOrBackwards() {
    ConnectionPusher pusher = pusher(10);
    List<TileRun> missed = canvas.paint(A, 4);
    pusher.handOver("c1", Encoding.BINARY, missed, Long.MAX_VALUE);
    interval(pusher, canvas.paint(A, 2), "c1");
    api.succeed("c1");
    api.succeed("c1");

    List<TileRun> received = new ArrayList<>();
    api.payloadsTo("c1").forEach(p -> received.addAll(ClientView.decode(TILE_SIZE, p)));
    long mine = 0;
    for (TileRun run : received) {
      assertThat(run.lastSeq()).as("every run moves the tile forward").isGreaterThan(mine);
      assertThat(run.firstSeq()).as("and leaves no gap").isLessThanOrEqualTo(mine + 1);
      mine = run.lastSeq();
    }
    assertThat(viewOf("c1").tile(A)).isEqualTo(canvas.tile(A));
  }

  @Test
  void aCatchUpIsSentRunForRunSoThatAConnectionCanIgnoreThePiecesItAlreadyHas() {
    ConnectionPusher pusher = pusher(10);
    List<TileRun> span = new ArrayList<>();
    for (TileRun run : canvas.paint(A, 3)) {
      for (long seq = run.firstSeq(); seq <= run.lastSeq(); seq++) {
        span.add(TileRun.sequence(A, seq, run.pixels()[(int) (seq - run.firstSeq())]));
      }
    }
    pusher.handOver("c1", Encoding.BINARY, span, Long.MAX_VALUE);
    interval(pusher, canvas.paint(A, 2), "c1");
    api.succeed("c1");

    List<TileRun> first = ClientView.decode(TILE_SIZE, api.payloadsTo("c1").get(0));
    assertThat(first).as("not merged into one run").hasSize(3).allSatisfy(run -> assertThat(run.firstSeq()).isEqualTo(run.lastSeq()));
  }

  @Test
  void anIdleConnectionGetsTheSharedMessageAndABusyOneItsBacklogMergedIntoOneMessage() {
    ConnectionPusher pusher = pusher(10);
    interval(pusher, canvas.paint(A, 3), "c1");
    interval(pusher, canvas.paint(A, 3), "c1");
    interval(pusher, canvas.paint(A, 3), "c1");
    assertThat(api.callsTo("c1")).hasSize(1);

    api.succeed("c1");

    assertThat(api.callsTo("c1")).hasSize(2);
    assertThat(ClientView.decode(TILE_SIZE, api.payloadsTo("c1").get(1)))
        .singleElement().satisfies(run -> {
          assertThat(run.kind()).isEqualTo(TileRun.Kind.COALESCED);
          assertThat(run.firstSeq()).isEqualTo(4);
          assertThat(run.lastSeq()).isEqualTo(9);
        });
    api.succeed("c1");
    assertThat(api.callsTo("c1")).hasSize(2);
    assertThat(pusher.coalesced.sum()).isEqualTo(1);
    assertThat(pusher.delivered.sum()).isEqualTo(2);
  }

  @Test
  void aSlowConnectionReceivesEveryUpdateMergedAndEndsWithTheExactTilesOfAFastOne() {
    ConnectionPusher pusher = pusher(10);
    for (int i = 0; i < 40; i++) {
      interval(pusher, canvas.paint(i % 3 == 0 ? B : A, 1 + i % 5), "slow", "fast");
      api.succeed("fast");
      if (i % 15 == 14) {
        api.succeed("slow");
      }
    }
    api.succeed("slow");
    api.succeed("slow");

    ClientView slow = viewOf("slow");
    ClientView fast = viewOf("fast");
    assertThat(api.callsTo("slow")).hasSizeLessThan(5);
    assertThat(api.callsTo("fast")).hasSize(40);
    for (TileId tile : List.of(A, B)) {
      assertThat(slow.tile(tile)).as("slow view of %s", tile).isEqualTo(canvas.tile(tile));
      assertThat(fast.tile(tile)).as("fast view of %s", tile).isEqualTo(canvas.tile(tile));
      assertThat(slow.seq(tile)).isEqualTo(canvas.seq(tile));
    }
    assertThat(slow.problems).isEmpty();
    assertThat(slow.received).anyMatch(run -> run.kind() == TileRun.Kind.COALESCED);
  }

  @Test
  void aSlowConnectionDoesNotHoldUpTheOthers() {
    ConnectionPusher pusher = pusher(10);
    interval(pusher, canvas.paint(A, 1), "slow", "fast");
    api.succeed("fast");
    interval(pusher, canvas.paint(A, 1), "slow", "fast");

    assertThat(api.callsTo("slow")).hasSize(1);
    assertThat(api.callsTo("fast")).hasSize(2);
  }

  @Test
  void concurrencyIsBoundedAndWaitingConnectionsStartWhenAPermitFrees() {
    ConnectionPusher pusher = pusher(2);
    interval(pusher, canvas.paint(A, 1), "a", "b", "c", "d");
    assertThat(api.inFlight()).isEqualTo(2);
    api.succeed("a");
    assertThat(api.inFlight()).isEqualTo(2);
    assertThat(api.calls).hasSize(3);
    api.succeed("b");
    api.succeed("c");
    api.succeed("d");
    assertThat(api.calls).hasSize(4);
    assertThat(pusher.delivered.sum()).isEqualTo(4);
  }

  @Test
  void aServerErrorPutsTheRunsBackAndResendsThemWithLaterOnesAfterAShortBackOff() {
    ConnectionPusher pusher = pusher(10);
    interval(pusher, canvas.paint(A, 4), "c1");
    api.fail("c1", ApiGatewayManagementApiException.builder().statusCode(500).message("internal").build());
    interval(pusher, canvas.paint(A, 4), "c1");
    pusher.resumeBackedOff();
    assertThat(api.callsTo("c1")).as("still backed off").hasSize(1);

    now.addAndGet(ConnectionPusher.RETRY_BACKOFF_MILLIS);
    pusher.resumeBackedOff();
    api.succeed("c1");

    assertThat(api.callsTo("c1")).hasSize(2);
    assertThat(ClientView.decode(TILE_SIZE, api.payloadsTo("c1").get(1))).singleElement()
        .satisfies(run -> assertThat(run.firstSeq()).isEqualTo(1));
    assertThat(viewOf("c1").tile(A)).isEqualTo(canvas.tile(A));
    assertThat(pusher.retried.sum()).isEqualTo(1);
    assertThat(pusher.failed.sum()).isEqualTo(1);
  }

  @Test
  void aTimedOutCallIsRetriedWithABackOffThatDoublesUpToItsCap() {
    ConnectionPusher pusher = pusher(10);
    interval(pusher, canvas.paint(A, 2), "c1");
    List<Long> waits = new ArrayList<>();
    for (int attempt = 1; attempt <= 7; attempt++) {
      api.fail("c1", ApiCallTimeoutException.create(2_000));
      long waited = 0;
      while (api.callsTo("c1").size() == attempt) {
        now.addAndGet(50);
        waited += 50;
        pusher.resumeBackedOff();
      }
      waits.add(waited);
    }
    api.succeed("c1");

    assertThat(waits).containsExactly(100L, 200L, 400L, 800L, 1600L, 2000L, 2000L);
    assertThat(viewOf("c1").tile(A)).isEqualTo(canvas.tile(A));
    assertThat(pusher.retried.sum()).isEqualTo(7);
  }

  @Test
  void aThrottledConnectionBacksOffForASecondThenResendsItsRuns() {
    ConnectionPusher pusher = pusher(10);
    interval(pusher, canvas.paint(A, 2), "c1");
    api.fail("c1", LimitExceededException.builder().message("slow down").build());
    now.addAndGet(ConnectionPusher.THROTTLE_BACKOFF_MILLIS - 1);
    pusher.resumeBackedOff();
    assertThat(api.callsTo("c1")).hasSize(1);

    now.addAndGet(1);
    pusher.resumeBackedOff();

    assertThat(api.callsTo("c1")).hasSize(2);
    assertThat(ClientView.decode(TILE_SIZE, api.payloadsTo("c1").get(1)))
        .isEqualTo(ClientView.decode(TILE_SIZE, api.payloadsTo("c1").get(0)));
    assertThat(pusher.throttled.sum()).isEqualTo(1);
    assertThat(pusher.nextGone()).isNull();
  }

  @Test
  void aGoneConnectionIsReportedOnceAndForgottenWithItsBacklog() throws InterruptedException {
    ConnectionPusher pusher = pusher(10);
    interval(pusher, canvas.paint(A, 1), "c1");
    interval(pusher, canvas.paint(A, 1), "c1");
    api.fail("c1", GoneException.builder().message("gone").build());

    assertThat(pusher.nextGone()).isEqualTo("c1");
    assertThat(pusher.nextGone()).isNull();
    assertThat(api.callsTo("c1")).hasSize(1);
    assertThat(pusher.gone.sum()).isEqualTo(1);
    assertThat(pusher.lag().laggingConnections()).isZero();
    assertThat(pusher.awaitIdle(Duration.ofMillis(100))).isTrue();
  }

  @Test
  void aMessageRefusedAsTooLargeBecomesAResyncOfItsTiles() {
    ConnectionPusher pusher = pusher(10);
    List<TileRun> runs = canvas.paint(A, 3);
    interval(pusher, runs, "c1");
    api.fail("c1", PayloadTooLargeException.builder().message("Message too long").build());

    assertThat(api.callsTo("c1")).hasSize(2);
    assertThat(ClientView.decode(TILE_SIZE, api.payloadsTo("c1").get(1)))
        .containsExactly(TileRun.resync(A, 1, 3));
    assertThat(pusher.tooLarge.sum()).isEqualTo(1);
  }

  @Test
  void aBroadcastGoesAfterTheCallInFlightAndBeforeTheBacklog() {
    ConnectionPusher pusher = pusher(10);
    interval(pusher, canvas.paint(A, 1), "c1");
    interval(pusher, canvas.paint(A, 1), "c1");
    pusher.broadcast(List.of("c1"), "{\"type\":\"resize\"}");
    api.succeed("c1");
    api.succeed("c1");

    assertThat(api.payloadsTo("c1")).hasSize(3);
    assertThat(api.payloadsTo("c1").get(1)).isEqualTo("{\"type\":\"resize\"}");
    assertThat(viewOf("c1").seq(A)).isEqualTo(2);
  }

  @Test
  void aConnectionWithABacklogCountsAsLaggingByTheAgeOfItsOldestUnsentUpdate() {
    ConnectionPusher pusher = pusher(10);
    interval(pusher, canvas.paint(A, 1), "slow", "fast");
    api.succeed("fast");
    now.addAndGet(100);
    interval(pusher, canvas.paint(A, 1), "slow", "fast");
    api.succeed("fast");
    now.addAndGet(300);

    assertThat(pusher.lag()).isEqualTo(new ConnectionPusher.Lag(1, 400));
    api.succeed("slow");
    assertThat(pusher.lag()).isEqualTo(new ConnectionPusher.Lag(0, 300));
    api.succeed("slow");
    assertThat(pusher.lag()).isEqualTo(new ConnectionPusher.Lag(0, 0));
    assertThat(pusher.takeWorstDeliveredLag()).isEqualTo(400);
  }

  /** The true canvas: paints pixels, keeps each tile's colours and sequence as Redis would. */
  private static final class Canvas {
    private final Map<TileId, int[]> tiles = new HashMap<>();
    private final Map<TileId, Long> seqs = new HashMap<>();
    private int stroke;

    /** The next {@code count} placements on the tile, on few pixels so that later ones overwrite earlier ones. */
    List<TileRun> paint(TileId tile, int count) {
      long first = seqs.getOrDefault(tile, 0L) + 1;
      int[] pixels = new int[count];
      int[] colours = tiles.computeIfAbsent(tile, t -> new int[TILE_SIZE * TILE_SIZE]);
      for (int i = 0; i < count; i++) {
        stroke++;
        int index = (stroke * 7) % 11;
        int colour = stroke % 16;
        pixels[i] = TileRun.pixel(index, colour);
        colours[index] = colour;
      }
      seqs.put(tile, first + count - 1);
      return List.of(TileRun.sequence(tile, first, pixels));
    }

    int[] tile(TileId tile) {
      return tiles.getOrDefault(tile, new int[TILE_SIZE * TILE_SIZE]);
    }

    long seq(TileId tile) {
      return seqs.getOrDefault(tile, 0L);
    }
  }
}
