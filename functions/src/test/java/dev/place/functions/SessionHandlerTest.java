package dev.place.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.place.shared.auth.Account;
import dev.place.shared.auth.GuestSessionLimit;
import dev.place.shared.auth.IdTokenVerifier;
import dev.place.shared.auth.InvalidTokenException;
import dev.place.shared.auth.Role;
import dev.place.shared.auth.SessionClaims;
import dev.place.shared.auth.SessionIssuer;
import dev.place.shared.auth.TokenService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SessionHandlerTest {

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-28T08:00:00Z"), ZoneOffset.UTC);
  private final TokenService tokens = new TokenService("test-secret-0123456789", Duration.ofHours(1));
  /** Accepts "good-<name>[-admin]" as the ID token of account u-<name>; the real verifier has its own tests. */
  private final IdTokenVerifier provider = (idToken, now) -> {
    if (idToken == null || !idToken.startsWith("good-")) {
      throw new InvalidTokenException("ID token refused: bad signature");
    }
    String name = idToken.substring(5);
    return name.endsWith("-admin") ? new Account("u-" + name.replace("-admin", ""), Role.ADMIN) : new Account("u-" + name, Role.USER);
  };
  private final List<String> guestMints = new ArrayList<>();
  private final GuestSessionLimit twoPerAddress = (ip, nowMillis) -> {
    guestMints.add(ip);
    return guestMints.stream().filter(ip::equals).count() <= 2 ? Duration.ZERO : Duration.ofMinutes(42);
  };

  private APIGatewayV2HTTPResponse post(SessionIssuer issuer, String body) {
    APIGatewayV2HTTPEvent event = SampleEvents.load("http-session.json", APIGatewayV2HTTPEvent.class);
    event.setBody(body);
    return new SessionHandler(issuer, clock).handleRequest(event, null);
  }

  private SessionClaims sessionOf(APIGatewayV2HTTPResponse response) throws InvalidTokenException {
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(201);
    Matcher m = Pattern.compile("\"userId\":\"([^\"]+)\",\"token\":\"([^\"]+)\"").matcher(response.getBody());
    assertThat(m.find()).isTrue();
    SessionClaims claims = tokens.verifyClaims(m.group(2), clock.instant());
    assertThat(claims.userId()).isEqualTo(m.group(1));
    assertThat(response.getBody()).contains("\"role\":\"" + claims.role().wireName() + "\"");
    return claims;
  }

  @Test
  void aVerifiedIdTokenGetsASessionOfItsAccountWithItsRole() throws InvalidTokenException {
    SessionIssuer issuer = new SessionIssuer(tokens, provider, false, twoPerAddress);
    SessionClaims alice = sessionOf(post(issuer, "{\"idToken\":\"good-alice\"}"));
    assertThat(alice.userId()).isEqualTo("u-alice");
    assertThat(alice.role()).isEqualTo(Role.USER);
    assertThat(sessionOf(post(issuer, "{\"idToken\":\"good-alice\"}")).userId()).as("one account, one user id").isEqualTo("u-alice");
    assertThat(sessionOf(post(issuer, "{\"other\":[1,{}],\"idToken\":\"good-root-admin\"}")).role()).isEqualTo(Role.ADMIN);
    assertThat(guestMints).as("sign-ins are not guest mints").isEmpty();
  }

  @Test
  void aRefusedIdTokenIsA401WithItsReason() {
    APIGatewayV2HTTPResponse response = post(new SessionIssuer(tokens, provider, true, twoPerAddress), "{\"idToken\":\"forged\"}");
    assertThat(response.getStatusCode()).isEqualTo(401);
    assertThat(response.getBody()).isEqualTo("{\"code\":\"INVALID_ID_TOKEN\",\"message\":\"ID token refused: bad signature\"}");
    assertThat(response.getHeaders()).containsEntry("cache-control", "no-store");
  }

  @Test
  void aBodyThatIsNotTheDocumentedObjectIsA400() {
    SessionIssuer issuer = new SessionIssuer(tokens, provider, true, twoPerAddress);
    for (String body : List.of("[1]", "{\"idToken\":7}", "{\"idToken\":", "x")) {
      assertThat(post(issuer, body).getStatusCode()).as(body).isEqualTo(400);
    }
  }

  @Test
  void withoutABodyAGuestSessionIsMintedWhereGuestsAreAllowed() throws InvalidTokenException {
    SessionClaims guest = sessionOf(post(new SessionIssuer(tokens, provider, true, twoPerAddress), null));
    assertThat(guest.userId()).startsWith("guest-");
    assertThat(guest.role()).isEqualTo(Role.GUEST);
    assertThat(guestMints).containsExactly("203.0.113.7");
  }

  @Test
  void guestsOffIsA403ThatPointsToSigningIn() {
    APIGatewayV2HTTPResponse response = post(new SessionIssuer(tokens, provider, false, twoPerAddress), "");
    assertThat(response.getStatusCode()).isEqualTo(403);
    assertThat(response.getBody()).contains("GUESTS_DISABLED").contains("sign in");
    assertThat(guestMints).isEmpty();
  }

  @Test
  void anAddressPastItsGuestShareIsA429WithRetryAfter() {
    SessionIssuer issuer = new SessionIssuer(tokens, provider, true, twoPerAddress);
    assertThat(post(issuer, null).getStatusCode()).isEqualTo(201);
    assertThat(post(issuer, null).getStatusCode()).isEqualTo(201);
    APIGatewayV2HTTPResponse third = post(issuer, null);
    assertThat(third.getStatusCode()).isEqualTo(429);
    assertThat(third.getBody()).contains("GUEST_RATE_LIMITED");
    assertThat(third.getHeaders()).containsEntry("retry-after", "2520");
    assertThat(post(issuer, "{\"idToken\":\"good-alice\"}").getStatusCode()).as("accounts are not limited").isEqualTo(201);
  }

  @Test
  void anIdTokenWhereNoProviderIsConfiguredIsA400() {
    APIGatewayV2HTTPResponse response = post(new SessionIssuer(tokens, null, true, twoPerAddress), "{\"idToken\":\"good-alice\"}");
    assertThat(response.getStatusCode()).isEqualTo(400);
    assertThat(response.getBody()).contains("SIGN_IN_NOT_CONFIGURED");
  }

  @Test
  void expiresAtHasMillisecondsAndIsWhenTheTokenStopsWorking() {
    Instant issued = Instant.parse("2026-11-28T08:00:25.079175645Z");
    SessionIssuer issuer = new SessionIssuer(tokens, provider, true, twoPerAddress);
    APIGatewayV2HTTPEvent event = SampleEvents.load("http-session.json", APIGatewayV2HTTPEvent.class);
    String body = new SessionHandler(issuer, Clock.fixed(issued, ZoneOffset.UTC)).handleRequest(event, null).getBody();

    Matcher m = Pattern.compile("\"token\":\"([^\"]+)\",\"expiresAt\":\"([^\"]+)\"").matcher(body);
    assertThat(m.find()).as(body).isTrue();
    assertThat(m.group(2)).isEqualTo("2026-11-28T09:00:25.000Z");
    Instant expiresAt = Instant.parse(m.group(2));
    assertThatCode(() -> tokens.verify(m.group(1), expiresAt.minusMillis(1))).doesNotThrowAnyException();
    assertThatThrownBy(() -> tokens.verify(m.group(1), expiresAt)).hasMessageContaining("expired");
  }

  @Test
  void aProviderThatCannotBeReachedIsA503NotTheCallersFault() {
    IdTokenVerifier down = (idToken, now) -> {
      throw new IllegalStateException("could not read the discovery document");
    };
    APIGatewayV2HTTPResponse response = post(new SessionIssuer(tokens, down, true, twoPerAddress), "{\"idToken\":\"good-alice\"}");
    assertThat(response.getStatusCode()).isEqualTo(503);
    assertThat(response.getBody()).contains("SIGN_IN_UNAVAILABLE");
    assertThat(post(new SessionIssuer(tokens, down, true, twoPerAddress), null).getStatusCode()).as("guests unaffected").isEqualTo(201);
  }

  @Test
  void aBannedAccountIsA403WithTheReasonAndNoEndForABanUntilLifted() {
    InMemoryAuthState bans = new InMemoryAuthState();
    bans.put(new dev.place.shared.moderation.Ban("u-alice", clock.millis() - 1, 0, "raid", "u-admin"));
    SessionIssuer issuer = new SessionIssuer(tokens, provider, true, twoPerAddress, bans);

    APIGatewayV2HTTPResponse response = post(issuer, "{\"idToken\":\"good-alice\"}");

    assertThat(response.getStatusCode()).isEqualTo(403);
    assertThat(response.getBody()).isEqualTo("{\"code\":\"USER_BANNED\",\"message\":\"this user is banned until lifted: raid\","
        + "\"reason\":\"raid\",\"expiresAt\":null}");
    assertThat(response.getHeaders()).containsEntry("cache-control", "no-store");
  }
}
