package dev.place.local.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * A minimal but standards-following OpenID Connect provider on loopback, for {@code local/run} and
 * tests: discovery ({@code /.well-known/openid-configuration}), a JWKS, the authorization code flow
 * with PKCE S256 only ({@code /authorize} shows a login page where a developer signs in as any
 * named test user, optionally in the moderators or admins group), and {@code /token}, which answers
 * an RS256 ID token. A public client only (no secret), redirect URIs on loopback only; codes are
 * single-use and live 60 s. The backend verifies its tokens with the same code as Cognito's.
 */
public final class LocalOidcProvider implements AutoCloseable {

  /** The one client the local cloud configures (PLACE_OIDC_CLIENT_ID). */
  public static final String CLIENT_ID = "place-web-local";
  /** The claim the groups are in (PLACE_OIDC_GROUPS_CLAIM), as Cognito's {@code cognito:groups}. */
  public static final String GROUPS_CLAIM = "groups";
  static final Duration CODE_LIFETIME = Duration.ofSeconds(60);
  static final Duration ID_TOKEN_LIFETIME = Duration.ofHours(1);
  private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,32}");
  private static final List<String> GROUPS = List.of("moderators", "admins");
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final HttpServer server;
  private final String issuer;
  private final RSAKey key;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();

  /** What a code was issued for; redeemed at most once. */
  private record Grant(String clientId, String redirectUri, String challenge, String nonce, String user, String group,
      Instant expires) {}

  private LocalOidcProvider(HttpServer server, RSAKey key, Clock clock) {
    this.server = server;
    this.key = key;
    this.clock = clock;
    this.issuer = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Starts on 127.0.0.1:{@code port} (0: any free port) with a key made now. */
  public static LocalOidcProvider start(int port) {
    return start(port, Clock.systemUTC());
  }

  static LocalOidcProvider start(int port, Clock clock) {
    try {
      RSAKey key = new RSAKeyGenerator(2048).keyID("local-" + Long.toHexString(System.nanoTime())).generate();
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
      LocalOidcProvider provider = new LocalOidcProvider(server, key, clock);
      server.createContext("/", provider::handle);
      server.setExecutor(Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "local-oidc");
        t.setDaemon(true);
        return t;
      }));
      server.start();
      return provider;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the local OpenID Connect provider on port " + port, e);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The issuer URL: the ID tokens' {@code iss}, and where discovery is. */
  public String issuer() {
    return issuer;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      // The browser fetches discovery, keys and tokens from the web client's origin.
      exchange.getResponseHeaders().set("access-control-allow-origin", "*");
      exchange.getResponseHeaders().set("cache-control", "no-store");
      if (method.equals("OPTIONS")) {
        exchange.getResponseHeaders().set("access-control-allow-methods", "GET, POST");
        exchange.getResponseHeaders().set("access-control-allow-headers", "content-type");
        exchange.sendResponseHeaders(204, -1);
        return;
      }
      switch (method + " " + path) {
        case "GET /.well-known/openid-configuration" -> send(exchange, 200, "application/json", discovery());
        case "GET /jwks" -> send(exchange, 200, "application/json", new JWKSet(key.toPublicJWK()).toString());
        case "GET /authorize" -> authorizePage(exchange, query(exchange.getRequestURI().getRawQuery()));
        case "POST /authorize" -> authorize(exchange, query(body(exchange)));
        case "POST /token" -> token(exchange, query(body(exchange)));
        default -> send(exchange, 404, "text/plain", "not found");
      }
    }
  }

  private String discovery() {
    return "{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/authorize\","
        + "\"token_endpoint\":\"" + issuer + "/token\",\"jwks_uri\":\"" + issuer + "/jwks\","
        + "\"response_types_supported\":[\"code\"],\"subject_types_supported\":[\"public\"],"
        + "\"id_token_signing_alg_values_supported\":[\"RS256\"],\"scopes_supported\":[\"openid\"],"
        + "\"grant_types_supported\":[\"authorization_code\"],\"code_challenge_methods_supported\":[\"S256\"],"
        + "\"token_endpoint_auth_methods_supported\":[\"none\"],\"claims_supported\":[\"sub\",\"name\",\"" + GROUPS_CLAIM + "\"]}";
  }

  /** Checks an authorization request (OpenID Connect Core 3.1.2.1); null when good, else why not. */
  private static String invalidAuthorization(Map<String, String> p) {
    if (!CLIENT_ID.equals(p.get("client_id"))) {
      return "unknown client_id";
    }
    String redirect = p.getOrDefault("redirect_uri", "");
    URI uri;
    try {
      uri = URI.create(redirect);
    } catch (IllegalArgumentException e) {
      return "redirect_uri is not a URI";
    }
    if (!("http".equals(uri.getScheme()) && ("127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost())))
        || uri.getRawFragment() != null) {
      return "redirect_uri must be an http URL on loopback";
    }
    if (!"code".equals(p.get("response_type"))) {
      return "response_type must be code";
    }
    if (!List.of(p.getOrDefault("scope", "").split(" ")).contains("openid")) {
      return "scope must include openid";
    }
    if (!"S256".equals(p.get("code_challenge_method")) || p.getOrDefault("code_challenge", "").length() < 43) {
      return "PKCE is required: code_challenge with code_challenge_method=S256";
    }
    return null;
  }

  private void authorizePage(HttpExchange exchange, Map<String, String> p) throws IOException {
    String invalid = invalidAuthorization(p);
    if (invalid != null) {
      // Not redirected: the redirect URI itself may be the problem (Core 3.1.2.6).
      send(exchange, 400, "text/plain", "invalid authorization request: " + invalid);
      return;
    }
    StringBuilder hidden = new StringBuilder();
    for (String name : List.of("client_id", "redirect_uri", "state", "nonce", "code_challenge", "code_challenge_method",
        "scope", "response_type")) {
      hidden.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"")
          .append(html(p.getOrDefault(name, ""))).append("\">");
    }
    send(exchange, 200, "text/html; charset=utf-8", """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Local sign-in</title></head>
        <body><h1>Local OpenID Connect provider</h1>
        <p>Sign in as any test user; nothing is checked but the name. (Never run this outside a developer machine.)</p>
        <form method="post" action="/authorize">%s
        <label>User name <input id="username" name="username" required pattern="[A-Za-z0-9._\\-]{1,32}" value="alice"></label>
        <label>Group <select id="group" name="group"><option value="">none</option><option>moderators</option><option>admins</option></select></label>
        <button id="sign-in" type="submit">Sign in</button></form></body></html>
        """.formatted(hidden));
  }

  private void authorize(HttpExchange exchange, Map<String, String> p) throws IOException {
    String invalid = invalidAuthorization(p);
    String user = p.getOrDefault("username", "");
    String group = p.getOrDefault("group", "");
    if (invalid == null && !USER_NAME.matcher(user).matches()) {
      invalid = "a user name has 1 to 32 letters, digits, '.', '_' or '-'";
    }
    if (invalid == null && !group.isEmpty() && !GROUPS.contains(group)) {
      invalid = "unknown group";
    }
    if (invalid != null) {
      send(exchange, 400, "text/plain", "invalid authorization request: " + invalid);
      return;
    }
    String code = randomToken();
    codes.put(code, new Grant(CLIENT_ID, p.get("redirect_uri"), p.get("code_challenge"), p.get("nonce"), user, group,
        clock.instant().plus(CODE_LIFETIME)));
    String redirect = p.get("redirect_uri");
    String location = redirect + (redirect.contains("?") ? "&" : "?") + "code=" + code
        + (p.containsKey("state") ? "&state=" + URLEncoder.encode(p.get("state"), StandardCharsets.UTF_8) : "")
        + "&iss=" + URLEncoder.encode(issuer, StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("location", location);
    exchange.sendResponseHeaders(302, -1);
  }

  /** The token request (Core 3.1.3.1, RFC 7636 4.6); errors as RFC 6749 5.2 says. */
  private void token(HttpExchange exchange, Map<String, String> p) throws IOException {
    if (!"authorization_code".equals(p.get("grant_type"))) {
      tokenError(exchange, "unsupported_grant_type", "grant_type must be authorization_code");
      return;
    }
    Grant grant = p.get("code") == null ? null : codes.remove(p.get("code"));
    if (grant == null || clock.instant().isAfter(grant.expires())) {
      tokenError(exchange, "invalid_grant", "unknown, used or expired code");
      return;
    }
    if (!grant.clientId().equals(p.get("client_id")) || !grant.redirectUri().equals(p.get("redirect_uri"))) {
      tokenError(exchange, "invalid_grant", "client_id or redirect_uri differ from the authorization request");
      return;
    }
    String verifier = p.getOrDefault("code_verifier", "");
    if (verifier.length() < 43 || verifier.length() > 128
        || !MessageDigest.isEqual(s256(verifier).getBytes(StandardCharsets.US_ASCII), grant.challenge().getBytes(StandardCharsets.US_ASCII))) {
      tokenError(exchange, "invalid_grant", "code_verifier does not match the code_challenge");
      return;
    }
    String idToken = idToken(grant);
    send(exchange, 200, "application/json", "{\"access_token\":\"" + randomToken() + "\",\"token_type\":\"Bearer\","
        + "\"expires_in\":" + ID_TOKEN_LIFETIME.toSeconds() + ",\"id_token\":\"" + idToken + "\"}");
  }

  private String idToken(Grant grant) {
    Instant now = clock.instant();
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issuer(issuer).subject("local:" + grant.user()).audience(grant.clientId())
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(ID_TOKEN_LIFETIME)))
        .claim("name", grant.user()).claim("token_use", "id");
    if (grant.nonce() != null && !grant.nonce().isEmpty()) {
      claims.claim("nonce", grant.nonce());
    }
    if (!grant.group().isEmpty()) {
      claims.claim(GROUPS_CLAIM, List.of(grant.group()));
    }
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
          claims.build());
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static String s256(String verifier) {
    try {
      return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void tokenError(HttpExchange exchange, String error, String description) throws IOException {
    send(exchange, 400, "application/json", "{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}");
  }

  private String randomToken() {
    byte[] bits = new byte[32];
    random.nextBytes(bits);
    return B64.encodeToString(bits);
  }

  private static String body(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readNBytes(16 * 1024);
    return new String(body, StandardCharsets.UTF_8);
  }

  static Map<String, String> query(String raw) {
    Map<String, String> params = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.putIfAbsent(name, value);
    }
    return params;
  }

  private static String html(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("content-type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
