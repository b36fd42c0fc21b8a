package dev.place.fanout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiAsyncClient;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PostToConnectionRequest;
import software.amazon.awssdk.services.apigatewaymanagementapi.model.PostToConnectionResponse;

/** Records every PostToConnection; each call completes only when the test says so. */
final class ScriptedApi implements ApiGatewayManagementApiAsyncClient {

  record Call(String connectionId, String payload, CompletableFuture<PostToConnectionResponse> result) {}

  final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Map<String, List<Call>> byConnection = new ConcurrentHashMap<>();

  @Override
  public CompletableFuture<PostToConnectionResponse> postToConnection(PostToConnectionRequest request) {
    Call call = new Call(request.connectionId(), request.data().asUtf8String(), new CompletableFuture<>());
    calls.add(call);
    byConnection.computeIfAbsent(request.connectionId(), k -> new CopyOnWriteArrayList<>()).add(call);
    return call.result();
  }

  List<Call> callsTo(String connectionId) {
    return byConnection.getOrDefault(connectionId, List.of());
  }

  List<String> payloadsTo(String connectionId) {
    return callsTo(connectionId).stream().map(Call::payload).toList();
  }

  /** The connection's call still waiting for an answer. */
  Call pending(String connectionId) {
    return callsTo(connectionId).stream().filter(c -> !c.result().isDone()).findFirst()
        .orElseThrow(() -> new AssertionError("no call in flight to " + connectionId));
  }

  void succeed(String connectionId) {
    pending(connectionId).result().complete(PostToConnectionResponse.builder().build());
  }

  void fail(String connectionId, Throwable error) {
    pending(connectionId).result().completeExceptionally(error);
  }

  long inFlight() {
    return calls.stream().filter(c -> !c.result().isDone()).count();
  }

  @Override
  public String serviceName() {
    return "apigatewaymanagementapi";
  }

  @Override
  public void close() {}
}
