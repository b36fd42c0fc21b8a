package dev.place.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.place.shared.auth.TokenService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectHandlerTest {

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-28T08:00:00Z"), ZoneOffset.UTC);
  private final TokenService tokens = new TokenService("test-secret-0123456789", Duration.ofHours(1));
  private final InMemoryDirectory directory = new InMemoryDirectory();
  private final ConnectHandler handler = new ConnectHandler(tokens, directory, clock);

  @Test
  void aValidTokenRegistersTheConnectionAsItsUser() {
    APIGatewayV2WebSocketEvent event = SampleEvents.load("connect.json", APIGatewayV2WebSocketEvent.class);
    event.setQueryStringParameters(Map.of("token", tokens.issue("alice", clock.instant()).token()));

    APIGatewayV2WebSocketResponse response = handler.handleRequest(event, null);

    assertThat(response.getStatusCode()).isEqualTo(200);
    assertThat(directory.users).containsEntry("BFHPhfCWIAMCKlQ=", "alice");
  }

  @Test
  void aMissingTokenIsRefusedWith401AndRegistersNothing() {
    APIGatewayV2WebSocketEvent event = SampleEvents.load("connect.json", APIGatewayV2WebSocketEvent.class);
    event.setQueryStringParameters(null);

    assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(401);
    assertThat(directory.users).isEmpty();
  }

  @Test
  void aForgedTokenIsRefusedWith401() {
    APIGatewayV2WebSocketEvent event = SampleEvents.load("connect.json", APIGatewayV2WebSocketEvent.class);
    event.setQueryStringParameters(Map.of("token",
        new TokenService("some-other-secret-xyz", Duration.ofHours(1)).issue("alice", clock.instant()).token()));

    APIGatewayV2WebSocketResponse response = handler.handleRequest(event, null);
    assertThat(response.getStatusCode()).isEqualTo(401);
    assertThat(response.getBody()).isEqualTo("{\"code\":\"UNAUTHORIZED\",\"message\":\"bad token signature\"}");
    assertThat(response.getHeaders()).containsEntry("content-type", "application/json");
    assertThat(directory.users).isEmpty();
  }

  @Test
  void everyRefusalSaysWhyInItsBody() {
    APIGatewayV2WebSocketEvent event = SampleEvents.load("connect.json", APIGatewayV2WebSocketEvent.class);
    TokenService tokens = new TokenService("test-secret-0123456789", Duration.ofHours(1));
    String expired = tokens.issue("alice", clock.instant().minus(Duration.ofHours(2))).token();
    Map<String, String> reasons = Map.of("", "no token", "abc", "malformed token", expired, "token expired");
    for (Map.Entry<String, String> token : reasons.entrySet()) {
      event.setQueryStringParameters(Map.of("token", token.getKey()));
      APIGatewayV2WebSocketResponse response = new ConnectHandler(tokens, directory, clock).handleRequest(event, null);
      assertThat(response.getStatusCode()).isEqualTo(401);
      assertThat(response.getBody()).as(token.getKey()).startsWith("{\"code\":\"UNAUTHORIZED\",\"message\":\"" + token.getValue());
    }
  }

  @Test
  void disconnectForgetsTheConnection() {
    directory.register("BFHPhfCWIAMCKlQ=", "alice");
    APIGatewayV2WebSocketEvent event = SampleEvents.load("disconnect.json", APIGatewayV2WebSocketEvent.class);

    assertThat(new DisconnectHandler(directory).handleRequest(event, null).getStatusCode()).isEqualTo(200);
    assertThat(directory.users).isEmpty();
  }

  @Test
  void theResponseSerialisesAsTheRuntimeWouldSendIt() {
    APIGatewayV2WebSocketEvent event = SampleEvents.load("connect.json", APIGatewayV2WebSocketEvent.class);
    event.setQueryStringParameters(Map.of());
    String json = SampleEvents.toJson(handler.handleRequest(event, null), APIGatewayV2WebSocketResponse.class);
    assertThat(json).contains("\"statusCode\":401");
  }
}
