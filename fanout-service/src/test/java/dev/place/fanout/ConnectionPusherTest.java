package dev.place.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiAsyncClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.GoneException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.LimitExceededException;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PostToConnectionRequest;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PostToConnectionResponse;

class ConnectionPusherTest {

  /** Records every call; each call completes only when the test says so. */
  static final class ScriptedApi implements ApiGatewayManagementApiAsyncClient {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final Map<String, List<CompletableFuture<PostToConnectionResponse>>> pending = new ConcurrentHashMap<>();

    @Override
    public CompletableFuture<PostToConnectionResponse> postToConnection(PostToConnectionRequest request) {
      calls.add(request.connectionId() + ":" + request.data().asUtf8String());
      CompletableFuture<PostToConnectionResponse> f = new CompletableFuture<>();
      pending.computeIfAbsent(request.connectionId(), k -> new CopyOnWriteArrayList<>()).add(f);
      return f;
    }

    void completeNext(String connectionId) {
      next(connectionId).complete(PostToConnectionResponse.builder().build());
    }

    CompletableFuture<PostToConnectionResponse> next(String connectionId) {
      return pending.get(connectionId).stream().filter(f -> !f.isDone()).findFirst().orElseThrow();
    }

    long inFlight() {
      return pending.values().stream().flatMap(List::stream).filter(f -> !f.isDone()).count();
    }

    @Override
    public String serviceName() {
      return "apigatewaymanagementapi";
    }

    @Override
    public void close() {}
  }

  private final ScriptedApi api = new ScriptedApi();
  private final List<String> gone = new ArrayList<>();
  private final AtomicLong now = new AtomicLong(1_000);

  @Test
  void eachConnectionGetsItsMessagesInOrderOneCallAtATime() {
    ConnectionPusher pusher = new ConnectionPusher(api, 10, gone::add, now::get, Runnable::run);
    pusher.push(List.of("c1"), List.of("m1"));
    pusher.push(List.of("c1"), List.of("m2", "m3"));

    assertThat(api.calls).containsExactly("c1:m1");
    api.completeNext("c1");
    assertThat(api.calls).containsExactly("c1:m1", "c1:m2");
    api.completeNext("c1");
    api.completeNext("c1");
    assertThat(api.calls).containsExactly("c1:m1", "c1:m2", "c1:m3");
    assertThat(pusher.delivered.sum()).isEqualTo(3);
  }

  @Test
  void aSlowConnectionDoesNotHoldUpTheOthers() {
    ConnectionPusher pusher = new ConnectionPusher(api, 10, gone::add, now::get, Runnable::run);
    pusher.push(List.of("slow", "fast"), List.of("m1"));
    api.completeNext("fast");
    pusher.push(List.of("slow", "fast"), List.of("m2"));

    assertThat(api.calls).containsExactly("slow:m1", "fast:m1", "fast:m2");
  }

  @Test
  void concurrencyIsBoundedAndWaitingConnectionsStartWhenAPermitFrees() {
    ConnectionPusher pusher = new ConnectionPusher(api, 2, gone::add, now::get, Runnable::run);
    pusher.push(List.of("a", "b", "c", "d"), List.of("m"));
    assertThat(api.inFlight()).isEqualTo(2);
    api.completeNext("a");
    assertThat(api.inFlight()).isEqualTo(2);
    assertThat(api.calls).hasSize(3);
    api.completeNext("b");
    api.completeNext("c");
    api.completeNext("d");
    assertThat(api.calls).hasSize(4);
    assertThat(pusher.delivered.sum()).isEqualTo(4);
  }

  @Test
  void aGoneConnectionIsReportedAndForgotten() {
    ConnectionPusher pusher = new ConnectionPusher(api, 10, gone::add, now::get, Runnable::run);
    pusher.push(List.of("c1"), List.of("m1", "m2"));
    api.next("c1").completeExceptionally(GoneException.builder().message("gone").build());

    assertThat(gone).containsExactly("c1");
    assertThat(api.calls).containsExactly("c1:m1");
    assertThat(pusher.gone.sum()).isEqualTo(1);
  }

  @Test
  void aThrottledConnectionBacksOffThenRetriesTheSameMessage() {
    ConnectionPusher pusher = new ConnectionPusher(api, 10, gone::add, now::get, Runnable::run);
    pusher.push(List.of("c1"), List.of("m1"));
    api.next("c1").completeExceptionally(LimitExceededException.builder().message("slow down").build());
    pusher.resumeBackedOff();
    assertThat(api.calls).containsExactly("c1:m1");

    now.addAndGet(ConnectionPusher.THROTTLE_BACKOFF_MILLIS);
    pusher.resumeBackedOff();
    assertThat(api.calls).containsExactly("c1:m1", "c1:m1");
    assertThat(gone).isEmpty();
  }

  @Test
  void aStuckConnectionKeepsOnlyTheNewestMessages() throws InterruptedException {
    ConnectionPusher pusher = new ConnectionPusher(api, 10, gone::add, now::get, Runnable::run);
    pusher.push(List.of("c1"), List.of("first"));
    for (int i = 0; i < ConnectionPusher.MAX_QUEUED_PER_CONNECTION + 5; i++) {
      pusher.push(List.of("c1"), List.of("m" + i));
    }
    assertThat(pusher.dropped.sum()).isEqualTo(5);
    for (int i = 0; i <= ConnectionPusher.MAX_QUEUED_PER_CONNECTION; i++) {
      api.completeNext("c1");
    }
    assertThat(api.calls.get(1)).isEqualTo("c1:m5");
    assertThat(pusher.awaitIdle(Duration.ofSeconds(1))).isTrue();
  }
}
