package dev.place.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.place.shared.auth.ConnectAuthenticator;
import dev.place.shared.auth.TokenService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConnectHandlerTest {

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-28T08:00:00Z"), ZoneOffset.UTC);
  private final TokenService tokens = new TokenService("test-secret-0123456789", Duration.ofHours(1));
  private final InMemoryDirectory directory = new InMemoryDirectory();
  private final InMemoryAuthState state = new InMemoryAuthState();
  private final ConnectAuthenticator authenticator = new ConnectAuthenticator(tokens, state, state, state, Duration.ofSeconds(30));
  private final List<String> userConnections = new ArrayList<>();
  private final ConnectHandler handler = new ConnectHandler(authenticator, directory,
      (user, connection) -> userConnections.add(user + "/" + connection), clock);

  private APIGatewayV2WebSocketResponse connect(Map<String, String> query) {
    APIGatewayV2WebSocketEvent event = SampleEvents.load("connect.json", APIGatewayV2WebSocketEvent.class);
    event.setQueryStringParameters(query);
    return handler.handleRequest(event, null);
  }

  private String ticketFor(String sessionToken) {
    APIGatewayV2HTTPEvent request = SampleEvents.load("http-session.json", APIGatewayV2HTTPEvent.class);
    request.setHeaders(Map.of("Authorization", "Bearer " + sessionToken));
    APIGatewayV2HTTPResponse response = new ConnectTicketHandler(authenticator, clock).handleRequest(request, null);
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(201);
    Matcher m = Pattern.compile("\"ticket\":\"([^\"]+)\",\"expiresAt\":\"2026-11-28T08:00:30.000Z\"").matcher(response.getBody());
    assertThat(m.find()).as(response.getBody()).isTrue();
    return m.group(1);
  }

  @Test
  void aTicketBoughtWithASessionRegistersTheConnectionAsItsUserOnce() {
    String ticket = ticketFor(tokens.issue("alice", clock.instant()).token());

    assertThat(connect(Map.of("ticket", ticket)).getStatusCode()).isEqualTo(200);
    assertThat(directory.users).containsEntry("BFHPhfCWIAMCKlQ=", "alice");
    assertThat(userConnections).containsExactly("alice/BFHPhfCWIAMCKlQ=");

    directory.users.clear();
    APIGatewayV2WebSocketResponse again = connect(Map.of("ticket", ticket));
    assertThat(again.getStatusCode()).as("single use").isEqualTo(401);
    assertThat(again.getBody()).contains("used or expired ticket");
    assertThat(directory.users).isEmpty();
  }

  @Test
  void aSessionTokenInTheQueryIsStillAdmittedButATicketIsPreferred() {
    assertThat(connect(Map.of("token", tokens.issue("alice", clock.instant()).token())).getStatusCode()).isEqualTo(200);
    assertThat(directory.users).containsEntry("BFHPhfCWIAMCKlQ=", "alice");
  }

  @Test
  void aMissingTicketIsRefusedWith401AndRegistersNothing() {
    APIGatewayV2WebSocketResponse response = connect(null);
    assertThat(response.getStatusCode()).isEqualTo(401);
    assertThat(response.getBody()).contains("no ticket; get one from POST /api/v1/connect-ticket");
    assertThat(directory.users).isEmpty();
    assertThat(userConnections).isEmpty();
  }

  @Test
  void aForgedTokenIsRefusedWith401() {
    APIGatewayV2WebSocketResponse response = connect(Map.of("token",
        new TokenService("some-other-secret-xyz", Duration.ofHours(1)).issue("alice", clock.instant()).token()));
    assertThat(response.getStatusCode()).isEqualTo(401);
    assertThat(response.getBody()).isEqualTo("{\"code\":\"UNAUTHORIZED\",\"message\":\"bad token signature\"}");
    assertThat(response.getHeaders()).containsEntry("content-type", "application/json");
    assertThat(directory.users).isEmpty();
  }

  @Test
  void everyRefusalSaysWhyInItsBody() {
    String expired = tokens.issue("alice", clock.instant().minus(Duration.ofHours(2))).token();
    Map<String, String> reasons = Map.of("abc", "malformed token", expired, "token expired");
    for (Map.Entry<String, String> token : reasons.entrySet()) {
      APIGatewayV2WebSocketResponse response = connect(Map.of("token", token.getKey()));
      assertThat(response.getStatusCode()).isEqualTo(401);
      assertThat(response.getBody()).as(token.getKey()).startsWith("{\"code\":\"UNAUTHORIZED\",\"message\":\"" + token.getValue());
    }
    APIGatewayV2WebSocketResponse unknown = connect(Map.of("ticket", "never-minted"));
    assertThat(unknown.getBody()).contains("unknown, used or expired ticket");
  }

  @Test
  void aSignedOutSessionBuysNoTicketAndConnectsNoMore() throws Exception {
    String token = tokens.issue("alice", clock.instant().minusSeconds(10)).token();
    authenticator.signOut(token, clock.instant());

    APIGatewayV2HTTPEvent request = SampleEvents.load("http-session.json", APIGatewayV2HTTPEvent.class);
    request.setHeaders(Map.of("authorization", "Bearer " + token));
    APIGatewayV2HTTPResponse refused = new ConnectTicketHandler(authenticator, clock).handleRequest(request, null);
    assertThat(refused.getStatusCode()).isEqualTo(401);
    assertThat(refused.getBody()).contains("UNAUTHORIZED").contains("revoked");
    assertThat(connect(Map.of("token", token)).getStatusCode()).isEqualTo(401);
    // A session issued after the sign-out works.
    assertThat(connect(Map.of("ticket", ticketFor(tokens.issue("alice", clock.instant().plusMillis(1)).token())))
        .getStatusCode()).isEqualTo(200);
  }

  @Test
  void aTicketRouteCallWithoutABearerTokenIsRefused() {
    APIGatewayV2HTTPEvent request = SampleEvents.load("http-session.json", APIGatewayV2HTTPEvent.class);
    APIGatewayV2HTTPResponse refused = new ConnectTicketHandler(authenticator, clock).handleRequest(request, null);
    assertThat(refused.getStatusCode()).isEqualTo(401);
    assertThat(refused.getHeaders()).containsEntry("cache-control", "no-store");
  }

  @Test
  void disconnectForgetsTheConnectionAlsoAmongItsUsers() {
    directory.register("BFHPhfCWIAMCKlQ=", "alice");
    List<String> gone = new ArrayList<>();
    APIGatewayV2WebSocketEvent event = SampleEvents.load("disconnect.json", APIGatewayV2WebSocketEvent.class);

    assertThat(new DisconnectHandler(directory, (u, c) -> gone.add(u + "/" + c)).handleRequest(event, null).getStatusCode())
        .isEqualTo(200);
    assertThat(directory.users).isEmpty();
    assertThat(gone).containsExactly("alice/BFHPhfCWIAMCKlQ=");
  }

  @Test
  void theResponseSerialisesAsTheRuntimeWouldSendIt() {
    String json = SampleEvents.toJson(connect(Map.of()), APIGatewayV2WebSocketResponse.class);
    assertThat(json).contains("\"statusCode\":401");
  }

  @Test
  void theEdgesNonBlockingAdmissionRedeemsATicketOnceAndStillTakesATokenButNothingElse() throws Exception {
    String token = tokens.issue("alice", clock.instant()).token();
    String ticket = authenticator.ticketFor(token, clock.instant()).ticket();
    assertThat(authenticator.admitAsync(ticket, null, clock.instant()).toCompletableFuture().get().userId()).isEqualTo("alice");
    assertThat(authenticator.admitAsync(ticket, null, clock.instant()).toCompletableFuture())
        .failsWithin(java.time.Duration.ofSeconds(1)).withThrowableThat().havingRootCause()
        .isInstanceOf(dev.place.shared.auth.InvalidTokenException.class).withMessageContaining("used or expired ticket");
    assertThat(authenticator.admitAsync(null, token, clock.instant()).toCompletableFuture().get().userId()).isEqualTo("alice");
    assertThat(authenticator.admitAsync(null, null, clock.instant()).toCompletableFuture())
        .failsWithin(java.time.Duration.ofSeconds(1)).withThrowableThat().havingRootCause().withMessageContaining("no ticket");
  }

  @Test
  void aBannedUserBuysNoTicketAndIsRefusedAtConnectWith403AndTheBansReasonAndEnd() {
    String token = tokens.issue("mallory", clock.instant().minusSeconds(5)).token();
    String ticket = ticketFor(token);
    state.put(new dev.place.shared.moderation.Ban("mallory", clock.millis(), clock.millis() + 3_600_000, "botting \"fast\"", "u-mod"));

    APIGatewayV2HTTPEvent request = SampleEvents.load("http-session.json", APIGatewayV2HTTPEvent.class);
    request.setHeaders(Map.of("authorization", "Bearer " + token));
    APIGatewayV2HTTPResponse refused = new ConnectTicketHandler(authenticator, clock).handleRequest(request, null);
    assertThat(refused.getStatusCode()).isEqualTo(403);
    assertThat(refused.getBody()).startsWith("{\"code\":\"USER_BANNED\",\"message\":\"this user is banned until 2026-11-28T09:00:00Z")
        .endsWith(",\"reason\":\"botting \\\"fast\\\"\",\"expiresAt\":\"2026-11-28T09:00:00.000Z\"}");

    APIGatewayV2WebSocketResponse handshake = connect(Map.of("ticket", ticket));
    assertThat(handshake.getStatusCode()).as("a ticket bought before the ban opens nothing after it").isEqualTo(403);
    assertThat(handshake.getBody()).contains("USER_BANNED");
    assertThat(handshake.getHeaders()).containsEntry("content-type", "application/json");
    assertThat(connect(Map.of("token", token)).getStatusCode()).isEqualTo(403);
    assertThat(directory.users).isEmpty();
  }
}
