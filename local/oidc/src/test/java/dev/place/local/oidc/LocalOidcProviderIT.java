package dev.place.local.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The provider on a free loopback port, driven as a browser and the web client drive it. */
class LocalOidcProviderIT {

  static final String REDIRECT = "http://127.0.0.1:3000/";
  static final String VERIFIER = "a-code-verifier-of-at-least-forty-three-characters-0123456789";
  static LocalOidcProvider provider;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    provider = LocalOidcProvider.start(0, "place-web", List.of(REDIRECT));
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  @Test
  void discoveryNamesTheIssuerAndItsEndpoints() throws Exception {
    Map<String, Object> d = JSONObjectUtils.parse(get("/.well-known/openid-configuration").body());
    assertThat(d).containsEntry("issuer", provider.issuer()).containsEntry("jwks_uri", provider.issuer() + "/jwks.json")
        .containsEntry("token_endpoint", provider.issuer() + "/token");
    assertThat(d.get("code_challenge_methods_supported")).isEqualTo(List.of("S256"));
  }

  @Test
  void theCodeFlowWithPkceGivesAnRs256IdTokenForTheNamedUserThatTheJwksVerifies() throws Exception {
    String code = signIn("alice", true);
    HttpResponse<String> token = exchange(code, VERIFIER);
    assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    SignedJWT idToken = SignedJWT.parse((String) JSONObjectUtils.parse(token.body()).get("id_token"));
    RSAKey key = (RSAKey) JWKSet.parse(get("/jwks.json").body()).getKeyByKeyId(idToken.getHeader().getKeyID());
    assertThat(idToken.verify(new RSASSAVerifier(key))).isTrue();
    assertThat(idToken.getJWTClaimsSet().getIssuer()).isEqualTo(provider.issuer());
    assertThat(idToken.getJWTClaimsSet().getAudience()).containsExactly("place-web");
    assertThat(idToken.getJWTClaimsSet().getSubject()).isEqualTo("local-alice");
    assertThat(idToken.getJWTClaimsSet().getStringClaim("nonce")).isEqualTo("n-1");
    assertThat(idToken.getJWTClaimsSet().getStringListClaim("groups")).containsExactly("moderators");
  }

  @Test
  void aCodeWorksOnceAndOnlyWithItsVerifier() throws Exception {
    String code = signIn("bob", false);
    assertThat(exchange(code, VERIFIER.replace('a', 'b')).body()).contains("invalid_grant", "code_verifier");
    assertThat(exchange(code, VERIFIER).body()).as("a failed exchange used the code up").contains("invalid_grant");
    String again = signIn("bob", false);
    assertThat(exchange(again, VERIFIER).statusCode()).isEqualTo(200);
    assertThat(exchange(again, VERIFIER).body()).contains("invalid_grant", "used");
  }

  @Test
  void requestsWithoutPkceOrForAnotherRedirectAreRefused() throws Exception {
    String base = "/authorize?response_type=code&client_id=place-web&scope=openid&redirect_uri=" + REDIRECT;
    assertThat(get(base).body()).contains("PKCE");
    assertThat(get(base.replace(REDIRECT, "http://evil.example/") + "&code_challenge_method=S256&code_challenge="
        + LocalOidcProvider.s256(VERIFIER)).body()).contains("redirect_uri not registered");
    assertThat(get(base.replace("place-web", "other") + "&code_challenge_method=S256&code_challenge="
        + LocalOidcProvider.s256(VERIFIER)).statusCode()).isEqualTo(400);
  }

  private String signIn(String user, boolean moderator) throws Exception {
    String request = "response_type=code&client_id=place-web&scope=openid&state=s-1&nonce=n-1&redirect_uri="
        + Forms.encode(REDIRECT) + "&code_challenge_method=S256&code_challenge=" + LocalOidcProvider.s256(VERIFIER);
    HttpResponse<String> page = get("/authorize?" + request);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("name=\"username\"", "value=\"s-1\"");
    HttpResponse<String> redirect = post("/authorize", request + "&username=" + user + (moderator ? "&group_moderators=on" : ""));
    assertThat(redirect.statusCode()).as(redirect.body()).isEqualTo(302);
    String location = redirect.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith(REDIRECT + "?code=").endsWith("&state=s-1");
    return Forms.parse(URI.create(location).getRawQuery()).get("code");
  }

  private HttpResponse<String> exchange(String code, String verifier) throws Exception {
    return post("/token", "grant_type=authorization_code&client_id=place-web&code=" + Forms.encode(code) + "&redirect_uri="
        + Forms.encode(REDIRECT) + "&code_verifier=" + verifier);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(provider.issuer() + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String form) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(provider.issuer() + path))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
