package dev.place.local.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

/**
 * A minimal OpenID Connect provider for the local cloud, on loopback only: discovery
 * ({@code /.well-known/openid-configuration}), the signing keys ({@code /jwks.json}), the
 * authorization endpoint ({@code /authorize}: a login page where a developer signs in as any named
 * test user, optionally in the moderators or admins group) and the token endpoint ({@code /token}:
 * authorization code grant, PKCE S256 required, codes single-use for 60 s). ID tokens are RS256,
 * signed with a key made at start. It follows OpenID Connect Core 1.0 and RFC 7636 where the web
 * client and the verifier need it, so the backend verifies its tokens with exactly the code that
 * verifies Cognito's. Not for anything but development: it asks for no password.
 */
public final class LocalOidcProvider implements AutoCloseable {

  static final Duration CODE_TTL = Duration.ofSeconds(60);
  static final Duration ID_TOKEN_TTL = Duration.ofHours(1);
  /** Groups offered on the login page (the backend maps them to roles: PLACE_OIDC_*_GROUPS). */
  static final List<String> GROUPS = List.of("moderators", "admins");
  public static final String GROUPS_CLAIM = "groups";

  private final HttpServer server;
  private final ExecutorService executor;
  private final String issuer;
  private final String clientId;
  private final List<String> redirectPrefixes;
  private final RSAKey key;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();

  private record Grant(String clientId, String redirectUri, String challenge, String nonce, String user, List<String> groups,
      Instant expires) {}

  private LocalOidcProvider(int port, String clientId, List<String> redirectPrefixes, Clock clock) throws IOException {
    this.clientId = clientId;
    this.redirectPrefixes = List.copyOf(redirectPrefixes);
    this.clock = clock;
    try {
      this.key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("RSA key generation is part of every JDK", e);
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    issuer = "http://127.0.0.1:" + server.getAddress().getPort();
    server.createContext("/", this::handle);
    executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "local-oidc");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.start();
  }

  /**
   * Starts the provider.
   *
   * @param port 0 for any free port
   * @param redirectPrefixes a redirect URI must start with one of these (the web client's origin)
   */
  public static LocalOidcProvider start(int port, String clientId, List<String> redirectPrefixes) throws IOException {
    return new LocalOidcProvider(port, clientId, redirectPrefixes, Clock.systemUTC());
  }

  public String issuer() {
    return issuer;
  }

  public String clientId() {
    return clientId;
  }

  public URI jwksUrl() {
    return URI.create(issuer + "/jwks.json");
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if ("OPTIONS".equals(method)) {
        send(exchange, 204, null, null); // CORS preflight of the browser's token request
      } else if (path.equals("/.well-known/openid-configuration") && method.equals("GET")) {
        send(exchange, 200, "application/json", discovery());
      } else if (path.equals("/jwks.json") && method.equals("GET")) {
        send(exchange, 200, "application/json", new JWKSet(key.toPublicJWK()).toString());
      } else if (path.equals("/authorize") && method.equals("GET")) {
        authorizePage(exchange, Forms.parse(exchange.getRequestURI().getRawQuery()));
      } else if (path.equals("/authorize") && method.equals("POST")) {
        signIn(exchange, Forms.parse(body(exchange)));
      } else if (path.equals("/token") && method.equals("POST")) {
        token(exchange, Forms.parse(body(exchange)));
      } else {
        send(exchange, 404, "text/plain; charset=utf-8", "not found");
      }
    } catch (RuntimeException e) {
      send(exchange, 500, "text/plain; charset=utf-8", "error: " + e);
    }
  }

  private String discovery() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("issuer", issuer);
    d.put("authorization_endpoint", issuer + "/authorize");
    d.put("token_endpoint", issuer + "/token");
    d.put("jwks_uri", issuer + "/jwks.json");
    d.put("response_types_supported", List.of("code"));
    d.put("grant_types_supported", List.of("authorization_code"));
    d.put("subject_types_supported", List.of("public"));
    d.put("id_token_signing_alg_values_supported", List.of("RS256"));
    d.put("scopes_supported", List.of("openid", "profile"));
    d.put("token_endpoint_auth_methods_supported", List.of("none"));
    d.put("code_challenge_methods_supported", List.of("S256"));
    d.put("claims_supported", List.of("sub", "iss", "aud", "exp", "iat", "nonce", "preferred_username", GROUPS_CLAIM));
    return JSONObjectUtils.toJSONString(d);
  }

  /** The checks of an authorization request (OpenID Connect Core 3.1.2.1, RFC 7636 4.3); null when good. */
  private String badAuthorizeRequest(Map<String, String> q) {
    if (!clientId.equals(q.get("client_id"))) {
      return "unknown client_id";
    }
    String redirect = q.getOrDefault("redirect_uri", "");
    if (redirectPrefixes.stream().noneMatch(redirect::startsWith)) {
      return "redirect_uri not registered for this client: " + redirect;
    }
    if (!"code".equals(q.get("response_type"))) {
      return "response_type must be code";
    }
    if (!List.of(q.getOrDefault("scope", "").split(" ")).contains("openid")) {
      return "scope must include openid";
    }
    if (!"S256".equals(q.get("code_challenge_method")) || q.getOrDefault("code_challenge", "").length() < 43) {
      return "PKCE is required: code_challenge with code_challenge_method=S256";
    }
    return null;
  }

  private void authorizePage(HttpExchange exchange, Map<String, String> q) throws IOException {
    String bad = badAuthorizeRequest(q);
    if (bad != null) {
      send(exchange, 400, "text/plain; charset=utf-8", "invalid authorization request: " + bad);
      return;
    }
    send(exchange, 200, "text/html; charset=utf-8", LoginPage.html(q, GROUPS));
  }

  private void signIn(HttpExchange exchange, Map<String, String> form) throws IOException {
    String bad = badAuthorizeRequest(form);
    String user = form.getOrDefault("username", "").trim();
    if (bad == null && !user.matches("[A-Za-z0-9._-]{1,40}")) {
      bad = "a test user name is 1 to 40 letters, digits, '.', '_' or '-'";
    }
    if (bad != null) {
      send(exchange, 400, "text/plain; charset=utf-8", "invalid sign-in: " + bad);
      return;
    }
    List<String> groups = GROUPS.stream().filter(g -> form.containsKey("group_" + g)).toList();
    String code = randomToken();
    codes.put(code, new Grant(form.get("client_id"), form.get("redirect_uri"), form.get("code_challenge"), form.get("nonce"),
        user, groups, clock.instant().plus(CODE_TTL)));
    String redirect = form.get("redirect_uri");
    String location = redirect + (redirect.contains("?") ? "&" : "?") + "code=" + Forms.encode(code)
        + (form.containsKey("state") ? "&state=" + Forms.encode(form.get("state")) : "");
    exchange.getResponseHeaders().set("Location", location);
    send(exchange, 302, null, null);
  }

  /** RFC 6749 4.1.3 with RFC 7636 4.6: the code once, for the same client and redirect, with the verifier. */
  private void token(HttpExchange exchange, Map<String, String> form) throws IOException {
    if (!"authorization_code".equals(form.get("grant_type"))) {
      tokenError(exchange, "unsupported_grant_type", "only authorization_code");
      return;
    }
    Grant grant = codes.remove(form.getOrDefault("code", ""));
    if (grant == null || clock.instant().isAfter(grant.expires())) {
      tokenError(exchange, "invalid_grant", "unknown, used or expired code");
      return;
    }
    if (!grant.clientId().equals(form.get("client_id")) || !grant.redirectUri().equals(form.get("redirect_uri"))) {
      tokenError(exchange, "invalid_grant", "the code was issued to another client or redirect_uri");
      return;
    }
    String verifier = form.getOrDefault("code_verifier", "");
    if (verifier.length() < 43 || verifier.length() > 128 || !s256(verifier).equals(grant.challenge())) {
      tokenError(exchange, "invalid_grant", "code_verifier does not match the code_challenge");
      return;
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("id_token", idToken(grant));
    answer.put("access_token", randomToken());
    answer.put("token_type", "Bearer");
    answer.put("expires_in", ID_TOKEN_TTL.toSeconds());
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    send(exchange, 200, "application/json", JSONObjectUtils.toJSONString(answer));
  }

  /** An ID token for a test user, signed as the login page would have it (tests may sign in directly). */
  public String idTokenFor(String user, List<String> groups) {
    return idToken(new Grant(clientId, "", "", null, user, groups, clock.instant()));
  }

  private String idToken(Grant grant) {
    Instant now = clock.instant();
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issuer(issuer).subject("local-" + grant.user()).audience(grant.clientId())
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(ID_TOKEN_TTL)))
        .claim("preferred_username", grant.user()).claim(GROUPS_CLAIM, grant.groups());
    if (grant.nonce() != null && !grant.nonce().isEmpty()) {
      claims.claim("nonce", grant.nonce());
    }
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
        claims.build());
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("signing with our own RSA key failed", e);
    }
    return jwt.serialize();
  }

  static String s256(String verifier) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private String randomToken() {
    byte[] bits = new byte[32];
    random.nextBytes(bits);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
  }

  private void tokenError(HttpExchange exchange, String error, String description) throws IOException {
    send(exchange, 400, "application/json",
        JSONObjectUtils.toJSONString(Map.of("error", error, "error_description", description)));
  }

  private static String body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      return new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    // The web client exchanges the code from the browser (a public client), from another origin.
    exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
    exchange.getResponseHeaders().set("Access-Control-Allow-Headers", "content-type");
    exchange.getResponseHeaders().set("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (type != null) {
      exchange.getResponseHeaders().set("Content-Type", type);
    }
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
