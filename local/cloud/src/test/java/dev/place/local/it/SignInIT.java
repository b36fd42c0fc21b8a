package dev.place.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Sign-in end to end over HTTP, as the web client does it: the authorization code flow with PKCE
 * against the local OpenID Connect provider, the ID token exchanged for a place session, connect
 * tickets for the WebSockets, and sign-out.
 */
class SignInIT extends OnSharedCloud {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String REDIRECT = "http://127.0.0.1:1/callback";

  @Test
  void anAccountSignsInThroughTheLocalProviderAndTwoConnectionsShareOneCooldown() throws Exception {
    String idToken = signInAtProvider("carol", "");
    JsonNode session = exchange(idToken);
    assertThat(session.get("userId").asText()).startsWith("u-");
    assertThat(session.get("role").asText()).isEqualTo("user");
    assertThat(exchange(signInAtProvider("carol", "")).get("userId").asText()).as("the same account, the same user id")
        .isEqualTo(session.get("userId").asText());
    assertThat(exchange(signInAtProvider("dave", "")).get("userId").asText()).isNotEqualTo(session.get("userId").asText());

    String token = session.get("token").asText();
    try (TestClient laptop = TestClient.withTicket(session.get("userId").asText(), token, ticket(token), ws);
        TestClient phone = TestClient.withTicket(session.get("userId").asText(), token, ticket(token), ws)) {
      String place = "{\"action\":\"place\",\"x\":%d,\"y\":77,\"color\":5}";
      JsonNode first = laptop.request(place.formatted(71));
      JsonNode second = phone.request(place.formatted(72));
      assertThat(List.of(first.path("type").asText(), second.path("type").asText() + ":" + second.path("code").asText()))
          .containsExactly("placed", "error:COOLDOWN");
    }
  }

  @Test
  void groupsOfTheProviderBecomeRoles() throws Exception {
    assertThat(exchange(signInAtProvider("mia", "moderators")).get("role").asText()).isEqualTo("moderator");
    assertThat(exchange(signInAtProvider("ada", "admins")).get("role").asText()).isEqualTo("admin");
  }

  @Test
  void aTicketOpensOneConnectionOnlyAndASessionTokenNeverNeedsToBeInTheUrl() throws Exception {
    JsonNode session = exchange(signInAtProvider("erin", ""));
    String token = session.get("token").asText();
    String ticket = ticket(token);
    try (TestClient once = TestClient.withTicket(session.get("userId").asText(), token, ticket, ws)) {
      assertThat(once.request("{\"action\":\"ping\"}").path("type").asText()).isEqualTo("pong");
      assertThatThrownBy(() -> TestClient.withTicket(session.get("userId").asText(), token, ticket, ws))
          .as("a used ticket is refused").isInstanceOf(java.util.concurrent.CompletionException.class)
          .cause().isInstanceOfSatisfying(java.net.http.WebSocketHandshakeException.class,
              e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
    }
  }

  @Test
  void signingOutRevokesTheSessionAndClosesItsOpenSocketsOnBothPaths() throws Exception {
    JsonNode session = exchange(signInAtProvider("frank", ""));
    String token = session.get("token").asText();
    String userId = session.get("userId").asText();
    JsonNode other = exchange(signInAtProvider("gus", ""));
    String otherToken = other.get("token").asText();
    try (TestClient gateway = TestClient.withTicket(userId, token, ticket(token), ws);
        TestClient edge = TestClient.withTicket(userId, token, ticket(token), cloud.edgeUrl());
        TestClient bystander = TestClient.withTicket(other.get("userId").asText(), otherToken, ticket(otherToken), cloud.edgeUrl())) {
      // A placement first, so that a place environment remembers this connection's user.
      assertThat(gateway.request("{\"action\":\"place\",\"x\":90,\"y\":91,\"color\":2}").path("type").asText())
          .isEqualTo("placed");
      assertThat(edge.request("{\"action\":\"ping\"}").path("type").asText()).isEqualTo("pong");

      HttpResponse<String> out = HTTP.send(HttpRequest.newBuilder(http.resolve("/api/v1/session"))
          .header("authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(out.statusCode()).as(out.body()).isEqualTo(200);
      assertThat(out.body()).contains("\"connectionsClosed\":1");

      assertThat(gateway.closed.get(10, java.util.concurrent.TimeUnit.SECONDS)).as("API Gateway closes it (DeleteConnection)")
          .isEqualTo(1000);
      assertThat(edge.closed.get(10, java.util.concurrent.TimeUnit.SECONDS)).as("the edge closes it (policy violation)")
          .isEqualTo(1008);
      assertThat(ticketResponse(token).statusCode()).isEqualTo(401);
      assertThat(bystander.request("{\"action\":\"ping\"}").path("type").asText()).as("another user's socket stays")
          .isEqualTo("pong");
    }
    // Signing in again works.
    String again = exchange(signInAtProvider("frank", "")).get("token").asText();
    assertThat(ticketResponse(again).statusCode()).isEqualTo(201);
  }

  @Test
  void aTamperedIdTokenIsRefused() throws Exception {
    String idToken = signInAtProvider("gina", "");
    String[] parts = idToken.split("\\.");
    String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("local:gina", "local:root");
    String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes(StandardCharsets.UTF_8))
        + "." + parts[2];
    HttpResponse<String> response = postSession("{\"idToken\":\"" + forged + "\"}");
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("INVALID_ID_TOKEN");
  }

  @Test
  void theProviderRefusesACodeWithTheWrongVerifierAndACodeUsedTwice() throws Exception {
    String verifier = verifier();
    String code = authorize("hana", "", challenge(verifier));
    HttpResponse<String> wrong = tokenRequest(code, verifier());
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.body()).contains("invalid_grant");
    assertThat(tokenRequest(code, verifier).statusCode()).as("the code was spent by the failed attempt").isEqualTo(400);
  }

  @Test
  void guestMintingIsCountedPerAddressPerHourInRedis() {
    var limit = new dev.place.shared.redis.RedisGuestSessionLimit(stores.redis, 2);
    long now = System.currentTimeMillis();
    String address = "198.51.100." + (now % 250);
    assertThat(limit.tryMint(address, now)).isZero();
    assertThat(limit.tryMint(address, now)).isZero();
    java.time.Duration wait = limit.tryMint(address, now);
    assertThat(wait).isPositive().isLessThanOrEqualTo(java.time.Duration.ofHours(1));
    assertThat(limit.tryMint("198.51.100.251", now)).as("another address").isZero();
  }

  // --- the authorization code flow with PKCE, as a browser would run it ---

  private static URI issuer() {
    return URI.create(cloud.config().identity().oidcIssuer());
  }

  static String signInAtProvider(String user, String group) throws Exception {
    String verifier = verifier();
    String code = authorize(user, group, challenge(verifier));
    HttpResponse<String> tokens = tokenRequest(code, verifier);
    assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
    return TestClient.JSON.readTree(tokens.body()).get("id_token").asText();
  }

  private static String authorize(String user, String group, String challenge) throws Exception {
    JsonNode discovery = TestClient.JSON.readTree(HTTP.send(HttpRequest.newBuilder(
        issuer().resolve("/.well-known/openid-configuration")).build(), HttpResponse.BodyHandlers.ofString()).body());
    assertThat(discovery.get("issuer").asText()).isEqualTo(issuer().toString());
    Map<String, String> request = Map.of("response_type", "code", "client_id", cloud.config().identity().oidcClientId(),
        "redirect_uri", REDIRECT, "scope", "openid", "state", "s1", "nonce", "n1", "code_challenge", challenge,
        "code_challenge_method", "S256");
    URI authorize = URI.create(discovery.get("authorization_endpoint").asText() + "?" + form(request));
    HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("name=\"username\"");
    Map<String, String> login = new java.util.HashMap<>(request);
    login.put("username", user);
    login.put("group", group);
    HttpResponse<String> redirect = HTTP.send(HttpRequest.newBuilder(authorize)
        .header("content-type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(login))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(redirect.statusCode()).isEqualTo(302);
    String location = redirect.headers().firstValue("location").orElseThrow();
    assertThat(location).startsWith(REDIRECT + "?").contains("state=s1");
    Matcher m = Pattern.compile("[?&]code=([^&]+)").matcher(location);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static HttpResponse<String> tokenRequest(String code, String verifier) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(issuer().resolve("/token"))
        .header("content-type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "authorization_code", "code", code,
            "redirect_uri", REDIRECT, "client_id", cloud.config().identity().oidcClientId(), "code_verifier", verifier))))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode exchange(String idToken) throws Exception {
    HttpResponse<String> response = postSession("{\"idToken\":\"" + idToken + "\"}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return TestClient.JSON.readTree(response.body());
  }

  private static HttpResponse<String> postSession(String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(http.resolve("/api/v1/session")).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> ticketResponse(String token) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(http.resolve("/api/v1/connect-ticket")).header("authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  static String ticket(String token) throws Exception {
    HttpResponse<String> response = ticketResponse(token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return TestClient.JSON.readTree(response.body()).get("ticket").asText();
  }

  private static String verifier() {
    byte[] bits = new byte[32];
    new SecureRandom().nextBytes(bits);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
  }

  private static String challenge(String verifier) throws Exception {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
  }

  private static String form(Map<String, String> values) {
    return values.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
  }
}
