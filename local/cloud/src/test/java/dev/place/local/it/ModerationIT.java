package dev.place.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.place.shared.canvas.TileCodec;
import dev.place.shared.canvas.TileId;
import dev.place.shared.redis.RedisKeys;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Moderation end to end on real engines, through the emulated HTTP API and both delivery paths:
 * bans end a user's sockets and refuse them sessions, tickets and connections until lifted or
 * expired; protected areas refuse placements on API Gateway and on the edge and change nothing;
 * the audit log in Cassandra lists every action; users and guests are refused every moderator route.
 * Moderators sign in at the local OpenID Connect provider in its {@code moderators} group, as in AWS.
 */
class ModerationIT extends OnSharedCloud {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** The documented staleness of a protected area (docs/moderation.md): one refresh interval plus a read, with margin. */
  private static final long AREA_STALENESS_MILLIS = 2_000;

  private record Account(String userId, String token) {}

  private static Account signIn(String user, String group) throws Exception {
    HttpResponse<String> response = postSession(SignInIT.signInAtProvider(user, group));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    JsonNode session = TestClient.JSON.readTree(response.body());
    return new Account(session.get("userId").asText(), session.get("token").asText());
  }

  private static HttpResponse<String> postSession(String idToken) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(http.resolve("/api/v1/session")).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"idToken\":\"" + idToken + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(http.resolve(path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("content-type", "application/json");
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> ticketResponse(String token) throws Exception {
    return call("POST", "/api/v1/connect-ticket", token, null);
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return TestClient.JSON.readTree(response.body());
  }

  private int pixel(int x, int y) {
    TileId tile = stores.canvas.tileOf(x, y);
    byte[] raw = stores.redis.sync().get(RedisKeys.tilePixels(tile));
    return raw == null ? 0 : TileCodec.get(raw, stores.canvas.indexInTile(x, y));
  }

  private long tileSeq(int x, int y) {
    byte[] raw = stores.redis.sync().get(RedisKeys.tileSeq(stores.canvas.tileOf(x, y)));
    return raw == null ? 0 : Long.parseLong(new String(raw, java.nio.charset.StandardCharsets.US_ASCII));
  }

  @Test
  void aBannedUsersOpenSocketsCloseOnBothPathsTheyGetNoSessionTicketOrConnectionAndAnUnbanLetsThemBack() throws Exception {
    Account moderator = signIn("mod-olga", "moderators");
    Account mallory = signIn("mallory", "");
    Account bystander = signIn("bystander-bea", "");
    try (TestClient gateway = TestClient.withTicket(mallory.userId(), mallory.token(), SignInIT.ticket(mallory.token()), ws);
        TestClient edge = TestClient.withTicket(mallory.userId(), mallory.token(), SignInIT.ticket(mallory.token()), cloud.edgeUrl());
        TestClient other = TestClient.withTicket(bystander.userId(), bystander.token(), SignInIT.ticket(bystander.token()), cloud.edgeUrl())) {
      assertThat(gateway.request("{\"action\":\"place\",\"x\":1810,\"y\":310,\"color\":6}").path("type").asText()).isEqualTo("placed");
      assertThat(edge.request("{\"action\":\"ping\"}").path("type").asText()).isEqualTo("pong");
      String spareTicket = SignInIT.ticket(mallory.token());
      String spareEdgeTicket = SignInIT.ticket(mallory.token());
      String expiresAt = Instant.now().plus(Duration.ofHours(1)).toString();

      HttpResponse<String> banned = call("POST", "/api/v1/mod/bans", moderator.token(),
          "{\"userId\":\"" + mallory.userId() + "\",\"reason\":\"botting\",\"expiresAt\":\"" + expiresAt + "\"}");

      assertThat(banned.statusCode()).as(banned.body()).isEqualTo(201);
      assertThat(json(banned).get("connectionsClosed").asInt()).isEqualTo(1);
      assertThat(gateway.closed.get(10, TimeUnit.SECONDS)).as("API Gateway closes it (DeleteConnection)").isEqualTo(1000);
      assertThat(edge.closed.get(10, TimeUnit.SECONDS)).as("the edge closes it").isEqualTo(1008);
      assertThat(other.request("{\"action\":\"ping\"}").path("type").asText()).as("another user's socket stays").isEqualTo("pong");

      HttpResponse<String> ticket = ticketResponse(mallory.token());
      assertThat(ticket.statusCode()).isEqualTo(403);
      assertThat(json(ticket).get("code").asText()).isEqualTo("USER_BANNED");
      assertThat(json(ticket).get("reason").asText()).isEqualTo("botting");
      assertThat(Instant.parse(json(ticket).get("expiresAt").asText())).isEqualTo(Instant.parse(expiresAt).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
      HttpResponse<String> session = postSession(SignInIT.signInAtProvider("mallory", ""));
      assertThat(session.statusCode()).isEqualTo(403);
      assertThat(json(session).get("code").asText()).isEqualTo("USER_BANNED");
      assertThat(handshakeStatus(() -> TestClient.withTicket(mallory.userId(), mallory.token(), spareTicket, ws)))
          .as("a ticket bought before the ban opens nothing after it").isEqualTo(403);
      assertThat(handshakeStatus(() -> TestClient.withTicket(mallory.userId(), mallory.token(), spareEdgeTicket, cloud.edgeUrl())))
          .as("nor on the edge").isEqualTo(403);
      assertThat(handshakeStatus(() -> TestClient.withToken(mallory.userId(), mallory.token(), cloud.edgeUrl())))
          .as("the edge answers a banned user's deprecated ?token= 403 (banned), not 401 (revoked)").isEqualTo(403);
      HttpResponse<String> shown = call("GET", "/api/v1/mod/bans/" + mallory.userId(), moderator.token(), null);
      assertThat(json(shown).get("ban").get("moderator").asText()).isEqualTo(moderator.userId());

      HttpResponse<String> lifted = call("DELETE", "/api/v1/mod/bans/" + mallory.userId(), moderator.token(), "{\"reason\":\"appeal\"}");
      assertThat(lifted.statusCode()).as(lifted.body()).isEqualTo(200);
      assertThat(pixel(1810, 310)).as("ban and unban change no pixel").isEqualTo(6);
      assertThat(ticketResponse(mallory.token()).statusCode()).as("the sessions the ban ended stay ended").isEqualTo(401);
      Account back = signIn("mallory", "");
      try (TestClient again = TestClient.withTicket(back.userId(), back.token(), SignInIT.ticket(back.token()), ws)) {
        assertThat(again.request("{\"action\":\"ping\"}").path("type").asText()).isEqualTo("pong");
      }
      assertThat(call("GET", "/api/v1/mod/bans/" + mallory.userId(), moderator.token(), null).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void anExpiredBanNoLongerRefuses() throws Exception {
    Account moderator = signIn("mod-pia", "moderators");
    String userId = signIn("short-stay", "").userId();
    HttpResponse<String> banned = call("POST", "/api/v1/mod/bans", moderator.token(), "{\"userId\":\"" + userId
        + "\",\"reason\":\"cool off\",\"expiresAt\":" + (System.currentTimeMillis() + 1_500) + "}");
    assertThat(banned.statusCode()).as(banned.body()).isEqualTo(201);
    assertThat(postSession(SignInIT.signInAtProvider("short-stay", "")).statusCode()).isEqualTo(403);

    int status = Poll.until(() -> {
      try {
        return postSession(SignInIT.signInAtProvider("short-stay", "")).statusCode();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, s -> s == 201, Duration.ofSeconds(15));
    assertThat(status).isEqualTo(201);
  }

  @Test
  void aProtectedAreaRefusesPlacementsOnBothPathsWithAreaProtectedAndChangesNothingUntilUnprotected() throws Exception {
    Account moderator = signIn("mod-quinn", "moderators");
    TestClient.Session viaGateway = TestClient.newSession(http);
    TestClient.Session viaEdge = TestClient.newSession(http);
    int before = pixel(1830, 330);
    HttpResponse<String> created = call("POST", "/api/v1/mod/protected-areas", moderator.token(),
        "{\"x\":1820,\"y\":320,\"w\":20,\"h\":20,\"reason\":\"memorial\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String areaId = json(created).get("area").get("id").asText();
    Thread.sleep(AREA_STALENESS_MILLIS); // every process re-reads the areas within that (docs/moderation.md)

    try (TestClient gateway = TestClient.withTicket(viaGateway.userId(), viaGateway.token(), SignInIT.ticket(viaGateway.token()), ws);
        TestClient edge = TestClient.withTicket(viaEdge.userId(), viaEdge.token(), SignInIT.ticket(viaEdge.token()), cloud.edgeUrl())) {
      long seq = tileSeq(1830, 330);
      for (TestClient client : List.of(gateway, edge)) {
        JsonNode refused = client.request("{\"action\":\"place\",\"x\":1830,\"y\":330,\"color\":9}");
        assertThat(refused.path("type").asText()).as(refused.toString()).isEqualTo("error");
        assertThat(refused.path("code").asText()).isEqualTo("AREA_PROTECTED");
        assertThat(refused.has("retryAfter")).isFalse();
      }
      assertThat(pixel(1830, 330)).isEqualTo(before);
      assertThat(tileSeq(1830, 330)).as("no write reached the tile").isEqualTo(seq);

      JsonNode listed = json(call("GET", "/api/v1/mod/protected-areas", moderator.token(), null));
      List<String> ids = new ArrayList<>();
      listed.get("areas").forEach(a -> ids.add(a.get("id").asText()));
      assertThat(ids).contains(areaId);

      assertThat(call("DELETE", "/api/v1/mod/protected-areas/" + areaId, moderator.token(), null).statusCode()).isEqualTo(200);
      Thread.sleep(AREA_STALENESS_MILLIS);
      for (TestClient client : List.of(gateway, edge)) {
        JsonNode placed = client.request("{\"action\":\"place\",\"x\":1831,\"y\":" + (client == edge ? 331 : 332) + ",\"color\":9}");
        assertThat(placed.path("type").asText()).as("the refusal spent no cooldown: " + placed).isEqualTo("placed");
      }
    }
  }

  @Test
  void theAuditLogListsEveryActionNewestFirstWithWhoWhatWhyAndWhatItChanged() throws Exception {
    Account moderator = signIn("mod-ravi", "moderators");
    Account admin = signIn("root-rita", "admins");
    String target = signIn("target-tom", "").userId();
    assertThat(call("POST", "/api/v1/mod/bans", admin.token(), "{\"userId\":\"" + target + "\",\"reason\":\"raid leader\"}")
        .statusCode()).as("an admin bans until lifted").isEqualTo(201);
    assertThat(call("DELETE", "/api/v1/mod/bans/" + target, moderator.token(), null).statusCode())
        .as("only an admin lifts that").isEqualTo(403);
    assertThat(call("DELETE", "/api/v1/mod/bans/" + target, admin.token(), "{\"reason\":\"served\"}").statusCode()).isEqualTo(200);
    HttpResponse<String> area = call("POST", "/api/v1/mod/protected-areas", moderator.token(),
        "{\"x\":1860,\"y\":360,\"w\":4,\"h\":4,\"reason\":\"logo\"}");
    String areaId = json(area).get("area").get("id").asText();
    assertThat(call("DELETE", "/api/v1/mod/protected-areas/" + areaId, moderator.token(), null).statusCode()).isEqualTo(200);

    JsonNode entries = json(call("GET", "/api/v1/mod/audit?limit=4", moderator.token(), null)).get("entries");

    assertThat(entries).hasSize(4);
    List<String> lines = new ArrayList<>();
    entries.forEach(e -> lines.add(e.get("action").asText() + " " + e.get("target").asText() + " by " + e.get("moderator").asText()
        + " (" + e.get("role").asText() + "): " + e.get("reason").asText()));
    assertThat(lines).containsExactly(
        "unprotect " + areaId + " by " + moderator.userId() + " (moderator): ",
        "protect " + areaId + " by " + moderator.userId() + " (moderator): logo",
        "unban " + target + " by " + admin.userId() + " (admin): served",
        "ban " + target + " by " + admin.userId() + " (admin): raid leader");
    assertThat(entries.get(1).get("parameters").get("w").asInt()).isEqualTo(4);
    assertThat(entries.get(2).get("changes").get("lifted").get("reason").asText()).isEqualTo("raid leader");
    assertThat(entries.get(3).get("parameters").get("expiresAt").isNull()).isTrue();
    assertThat(entries).allSatisfy(e -> assertThat(e.get("pixelsChanged").asInt()).isZero());
    assertThat(Instant.parse(entries.get(0).get("at").asText())).isAfterOrEqualTo(Instant.parse(entries.get(3).get("at").asText()));
  }

  @Test
  void aUserOrGuestTokenGets403AndNoTokenGets401OnEveryModeratorRoute() throws Exception {
    String user = signIn("plain-paul", "").token();
    String guest = TestClient.newSession(http).token();
    String[][] routes = {
        {"POST", "/api/v1/mod/bans", "{\"userId\":\"u-x\",\"reason\":\"r\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}"},
        {"GET", "/api/v1/mod/bans/u-x", null},
        {"DELETE", "/api/v1/mod/bans/u-x", null},
        {"POST", "/api/v1/mod/protected-areas", "{\"x\":0,\"y\":0,\"w\":1,\"h\":1,\"reason\":\"r\"}"},
        {"GET", "/api/v1/mod/protected-areas", null},
        {"DELETE", "/api/v1/mod/protected-areas/area-x", null},
        {"GET", "/api/v1/mod/audit", null}};
    for (String[] route : routes) {
      for (String token : new String[] {user, guest}) {
        HttpResponse<String> refused = call(route[0], route[1], token, route[2]);
        assertThat(refused.statusCode()).as(route[0] + " " + route[1] + ": " + refused.body()).isEqualTo(403);
        assertThat(json(refused).get("code").asText()).isEqualTo("FORBIDDEN");
      }
      HttpResponse<String> anonymous = call(route[0], route[1], null, route[2]);
      assertThat(anonymous.statusCode()).as(route[0] + " " + route[1]).isEqualTo(401);
      assertThat(json(anonymous).get("code").asText()).isEqualTo("UNAUTHORIZED");
    }
    assertThat(stores.redis.sync().exists("place:ban:{u-x}")).isZero();
  }

  private static int handshakeStatus(java.util.concurrent.Callable<TestClient> open) throws Exception {
    try (TestClient unexpected = open.call()) {
      return 101;
    } catch (CompletionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        return refused.getResponse().statusCode();
      }
      throw e;
    }
  }
}
