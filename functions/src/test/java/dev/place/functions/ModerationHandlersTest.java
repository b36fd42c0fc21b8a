package dev.place.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.place.shared.auth.ConnectAuthenticator;
import dev.place.shared.auth.Role;
import dev.place.shared.auth.SessionTerminator;
import dev.place.shared.auth.SignOutNotices;
import dev.place.shared.auth.TokenService;
import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.moderation.AreaActions;
import dev.place.shared.moderation.AuditEntry;
import dev.place.shared.moderation.AuditLog;
import dev.place.shared.moderation.BanActions;
import dev.place.shared.moderation.ProtectedAreaStore;
import dev.place.shared.moderation.ProtectedAreas;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ModerationHandlersTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-28T08:00:00Z"), ZoneOffset.UTC);
  private final TokenService tokens = new TokenService("test-secret-0123456789", Duration.ofHours(1));
  private final InMemoryAuthState state = new InMemoryAuthState();
  private final InMemoryDirectory directory = new InMemoryDirectory();
  private final Map<String, List<String>> gatewayConnections = new HashMap<>();
  private final List<String> closed = new ArrayList<>();
  private final List<String> edgeNotices = new ArrayList<>();
  private final ConnectAuthenticator authenticator = new ConnectAuthenticator(tokens, state, state, state, Duration.ofSeconds(30));
  private final ModeratorAccess access = new ModeratorAccess(authenticator, clock);

  /** The audit log in memory, newest first; {@code down} makes it fail like an unreachable Cassandra. */
  private final List<AuditEntry> audit = new ArrayList<>();
  private boolean auditDown;
  private final AuditLog auditLog = new AuditLog() {
    @Override
    public void append(AuditEntry entry) {
      if (auditDown) {
        throw new IllegalStateException("no Cassandra");
      }
      audit.add(0, entry);
    }

    @Override
    public List<AuditEntry> newest(int limit) {
      return audit.subList(0, Math.min(limit, audit.size()));
    }

    @Override
    public java.util.Optional<AuditEntry> find(String id, long atMillis) {
      return audit.stream().filter(e -> e.id().equals(id) && e.atMillis() == atMillis).findFirst();
    }
  };

  private final List<ProtectedAreas.Area> areas = new ArrayList<>();
  private final ProtectedAreaStore areaStore = new ProtectedAreaStore() {
    @Override
    public long version() {
      return areas.size();
    }

    @Override
    public List<ProtectedAreas.Area> all() {
      return List.copyOf(areas);
    }

    @Override
    public boolean add(ProtectedAreas.Area area) {
      return areas.add(area);
    }

    @Override
    public ProtectedAreas.Area remove(String id) {
      ProtectedAreas.Area found = areas.stream().filter(a -> a.id().equals(id)).findFirst().orElse(null);
      areas.remove(found);
      return found;
    }
  };

  private final SignOutNotices notices = new SignOutNotices() {
    @Override
    public void announce(String userId) {
      edgeNotices.add(userId);
    }

    @Override
    public AutoCloseable listen(Consumer<String> signedOut) {
      return () -> {};
    }
  };
  private final AtomicInteger ids = new AtomicInteger();
  private final SessionTerminator terminator = new SessionTerminator(state,
      user -> gatewayConnections.getOrDefault(user, List.of()), directory, id -> closed.add(id), notices);
  private final BansHandler bans = new BansHandler(access,
      () -> new BanActions(state, auditLog, terminator, () -> "a" + ids.incrementAndGet()), clock);
  private final ProtectedAreasHandler protectedAreas = new ProtectedAreasHandler(access,
      () -> new AreaActions(areaStore, auditLog, () -> new CanvasGeometry(2000, 2000, 256), () -> "a" + ids.incrementAndGet()), clock);
  private final AuditLogHandler auditRoute = new AuditLogHandler(access, () -> auditLog);

  private String token(String user, Role role) {
    return tokens.issue(user, role, clock.instant().minusSeconds(60)).token();
  }

  private final String moderator = token("u-mod", Role.MODERATOR);

  private static APIGatewayV2HTTPEvent request(String method, String token, Map<String, String> path, String body) {
    APIGatewayV2HTTPEvent event = SampleEvents.load("http-mod-ban.json", APIGatewayV2HTTPEvent.class);
    event.getRequestContext().getHttp().setMethod(method);
    event.setHeaders(token == null ? Map.of() : Map.of("authorization", "Bearer " + token));
    event.setPathParameters(path);
    event.setBody(body);
    return event;
  }

  private static JsonNode json(APIGatewayV2HTTPResponse response) throws Exception {
    return JSON.readTree(response.getBody());
  }

  @Test
  void everyModeratorRouteRefusesAMissingOrBadTokenWith401AndAUserOrGuestTokenWith403() throws Exception {
    String forged = moderator.substring(0, moderator.length() - 2) + "xx";
    List<java.util.function.Function<String, APIGatewayV2HTTPResponse>> routes = List.of(
        t -> bans.handleRequest(request("POST", t, null, "{\"userId\":\"u-x\",\"reason\":\"r\"}"), null),
        t -> bans.handleRequest(request("GET", t, Map.of("userId", "u-x"), null), null),
        t -> bans.handleRequest(request("DELETE", t, Map.of("userId", "u-x"), null), null),
        t -> protectedAreas.handleRequest(request("POST", t, null, "{\"x\":0,\"y\":0,\"w\":1,\"h\":1,\"reason\":\"r\"}"), null),
        t -> protectedAreas.handleRequest(request("GET", t, null, null), null),
        t -> protectedAreas.handleRequest(request("DELETE", t, Map.of("id", "area-x"), null), null),
        t -> auditRoute.handleRequest(request("GET", t, null, null), null));
    for (var route : routes) {
      for (String bad : new String[] {null, forged, "not-a-token"}) {
        APIGatewayV2HTTPResponse refused = route.apply(bad);
        assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(401);
        assertThat(json(refused).get("code").asText()).isEqualTo("UNAUTHORIZED");
      }
      for (String plain : new String[] {token("u-bob", Role.USER), tokens.issueGuest(clock.instant()).token()}) {
        APIGatewayV2HTTPResponse refused = route.apply(plain);
        assertThat(refused.getStatusCode()).as(refused.getBody()).isEqualTo(403);
        assertThat(json(refused).get("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(json(refused).get("message").asText()).contains("moderator or admin");
      }
    }
    assertThat(audit).isEmpty();
    assertThat(state.bans).isEmpty();
    assertThat(areas).isEmpty();
  }

  @Test
  void aBanEndsTheUsersSessionsAndConnectionsAndTheUnbanLiftsTheRefusal() throws Exception {
    String mallory = token("u-mallory", Role.USER);
    directory.register("conn-1", "u-mallory");
    gatewayConnections.put("u-mallory", List.of("conn-1"));

    APIGatewayV2HTTPResponse banned = bans.handleRequest(request("POST", moderator, null,
        "{\"userId\":\"u-mallory\",\"reason\":\"botting\",\"expiresAt\":\"2026-11-29T08:00:00Z\"}"), null);

    assertThat(banned.getStatusCode()).as(banned.getBody()).isEqualTo(201);
    assertThat(json(banned).get("ban").get("expiresAt").asText()).isEqualTo("2026-11-29T08:00:00.000Z");
    assertThat(json(banned).get("ban").get("moderator").asText()).isEqualTo("u-mod");
    assertThat(json(banned).get("connectionsClosed").asInt()).isEqualTo(1);
    assertThat(closed).containsExactly("conn-1");
    assertThat(directory.users).isEmpty();
    assertThat(edgeNotices).containsExactly("u-mallory");
    APIGatewayV2HTTPResponse ticket = new ConnectTicketHandler(authenticator, clock)
        .handleRequest(request("POST", mallory, null, null), null);
    assertThat(ticket.getStatusCode()).isEqualTo(403);
    assertThat(json(ticket).get("code").asText()).isEqualTo("USER_BANNED");
    assertThat(json(ticket).get("reason").asText()).isEqualTo("botting");

    APIGatewayV2HTTPResponse shown = bans.handleRequest(request("GET", moderator, Map.of("userId", "u-mallory"), null), null);
    assertThat(json(shown).get("ban").get("reason").asText()).isEqualTo("botting");

    APIGatewayV2HTTPResponse lifted = bans.handleRequest(request("DELETE", moderator, Map.of("userId", "u-mallory"),
        "{\"reason\":\"appeal\"}"), null);
    assertThat(lifted.getStatusCode()).as(lifted.getBody()).isEqualTo(200);
    assertThat(json(lifted).get("lifted").get("reason").asText()).isEqualTo("botting");
    String signedInAgain = tokens.issue("u-mallory", Role.USER, clock.instant().plusMillis(1)).token();
    assertThat(new ConnectTicketHandler(authenticator, clock).handleRequest(request("POST", signedInAgain, null, null), null)
        .getStatusCode()).isEqualTo(201);
    assertThat(audit).extracting(AuditEntry::action).containsExactly("unban", "ban");
    assertThat(bans.handleRequest(request("GET", moderator, Map.of("userId", "u-mallory"), null), null).getStatusCode())
        .isEqualTo(404);
  }

  @Test
  void badBanRequestsAre400WithTheReasonAndChangeNothing() throws Exception {
    Map<String, String> bodies = new java.util.LinkedHashMap<>();
    bodies.put("{\"userId\":\"u-x\",\"reason\":\"r\",\"expires\":\"2026-11-29T08:00:00Z\"}", "unknown field 'expires'");
    bodies.put("{\"userId\":7,\"reason\":\"r\"}", "'userId' must be a string");
    bodies.put("{\"reason\":\"r\"}", "'userId' is required");
    bodies.put("{\"userId\":\"u-x\",\"reason\":\"r\",\"expiresAt\":0}", "future");
    bodies.put("{\"userId\":\"u-x\",\"reason\":\"r\",\"expiresAt\":\"tomorrow\"}", "ISO-8601");
    bodies.put("{\"userId\":\"u-x\",\"reason\":\"r\",\"expiresAt\":{}}", "string or a number");
    bodies.put("{\"userId\":\"u-x\"}", "reason");
    bodies.put("[1]", "JSON object");
    bodies.put("{\"userId\":\"u-x\",\"reason\":\"r\"} {}", "one JSON object");
    bodies.put("{\"userId\":", "not valid JSON");
    for (Map.Entry<String, String> body : bodies.entrySet()) {
      APIGatewayV2HTTPResponse refused = bans.handleRequest(request("POST", moderator, null, body.getKey()), null);
      assertThat(refused.getStatusCode()).as(body.getKey()).isEqualTo(400);
      assertThat(json(refused).get("code").asText()).isEqualTo("BAD_REQUEST");
      assertThat(json(refused).get("message").asText()).as(body.getKey()).contains(body.getValue());
    }
    APIGatewayV2HTTPResponse forever = bans.handleRequest(request("POST", moderator, null, "{\"userId\":\"u-x\",\"reason\":\"r\"}"), null);
    assertThat(forever.getStatusCode()).as("a moderator gives an end; only admins ban until lifted").isEqualTo(403);
    assertThat(audit).isEmpty();
    assertThat(state.bans).isEmpty();
    assertThat(bans.handleRequest(request("POST", token("u-admin", Role.ADMIN), null, "{\"userId\":\"u-x\",\"reason\":\"r\"}"), null)
        .getStatusCode()).isEqualTo(201);
  }

  @Test
  void aModeratorProtectsListsAndUnprotectsAnArea() throws Exception {
    APIGatewayV2HTTPResponse created = protectedAreas.handleRequest(request("POST", moderator, null,
        "{\"x\":10,\"y\":20,\"w\":30,\"h\":40,\"reason\":\"memorial\"}"), null);
    assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(201);
    String id = json(created).get("area").get("id").asText();

    JsonNode listed = json(protectedAreas.handleRequest(request("GET", moderator, null, null), null));
    assertThat(listed.get("areas")).hasSize(1);
    assertThat(listed.get("areas").get(0).get("w").asInt()).isEqualTo(30);
    assertThat(listed.get("areas").get(0).get("reason").asText()).isEqualTo("memorial");

    APIGatewayV2HTTPResponse bad = protectedAreas.handleRequest(request("POST", moderator, null,
        "{\"x\":1990,\"y\":0,\"w\":30,\"h\":1,\"reason\":\"off the edge\"}"), null);
    assertThat(bad.getStatusCode()).isEqualTo(400);
    assertThat(protectedAreas.handleRequest(request("POST", moderator, null, "{\"x\":1.5,\"y\":0,\"w\":3,\"h\":1,\"reason\":\"r\"}"), null)
        .getBody()).contains("'x' must be a whole number");

    APIGatewayV2HTTPResponse removed = protectedAreas.handleRequest(request("DELETE", moderator, Map.of("id", id), null), null);
    assertThat(removed.getStatusCode()).isEqualTo(200);
    assertThat(json(removed).get("unprotected").get("id").asText()).isEqualTo(id);
    assertThat(areas).isEmpty();
    assertThat(protectedAreas.handleRequest(request("DELETE", moderator, Map.of("id", id), null), null).getStatusCode()).isEqualTo(404);
    assertThat(audit).extracting(AuditEntry::action).containsExactly("unprotect", "protect");
  }

  @Test
  void theAuditLogListsTheNewestFirstUpToTheLimit() throws Exception {
    for (int i = 0; i < 3; i++) {
      protectedAreas.handleRequest(request("POST", moderator, null, "{\"x\":" + i + ",\"y\":0,\"w\":1,\"h\":1,\"reason\":\"r" + i + "\"}"), null);
    }
    APIGatewayV2HTTPEvent two = request("GET", moderator, null, null);
    two.setQueryStringParameters(Map.of("limit", "2"));
    JsonNode entries = json(auditRoute.handleRequest(two, null)).get("entries");

    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).get("reason").asText()).isEqualTo("r2");
    assertThat(entries.get(0).get("moderator").asText()).isEqualTo("u-mod");
    assertThat(entries.get(0).get("role").asText()).isEqualTo("moderator");
    assertThat(entries.get(0).get("parameters").get("x").asInt()).isEqualTo(2);
    assertThat(entries.get(0).get("changes").get("protected").get("reason").asText()).isEqualTo("r2");
    assertThat(entries.get(0).get("pixelsChanged").asInt()).isZero();
    assertThat(entries.get(0).get("at").asText()).isEqualTo("2026-11-28T08:00:00.000Z");
    for (String limit : List.of("0", "501", "ten")) {
      APIGatewayV2HTTPEvent bad = request("GET", moderator, null, null);
      bad.setQueryStringParameters(Map.of("limit", limit));
      assertThat(auditRoute.handleRequest(bad, null).getStatusCode()).as(limit).isEqualTo(400);
    }
  }

  @Test
  void anUnreachableAuditLogIs503AndNothingIsApplied() throws Exception {
    auditDown = true;
    APIGatewayV2HTTPResponse failed = bans.handleRequest(request("POST", moderator, null,
        "{\"userId\":\"u-mallory\",\"reason\":\"botting\",\"expiresAt\":\"2026-11-29T08:00:00Z\"}"), null);
    assertThat(failed.getStatusCode()).isEqualTo(503);
    assertThat(json(failed).get("code").asText()).isEqualTo("UNAVAILABLE");
    assertThat(state.bans).isEmpty();
    assertThat(state.revoked).isEmpty();
  }
}
