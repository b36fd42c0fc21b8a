package dev.place.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.place.shared.auth.SessionIssuer;
import dev.place.shared.auth.SignInException;
import dev.place.shared.auth.TokenService;
import dev.place.shared.auth.UserBannedException;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * {@code POST /api/v1/session}: with {@code {"idToken":"<OpenID Connect ID token>"}} a session of
 * that account; with no body a guest session, where the operator allows guests and the address has
 * not minted its share (docs/protocol.md, Signing in); a banned account gets 403 {@code USER_BANNED}.
 * The session token buys connect tickets.
 */
public final class SessionHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  /** Milliseconds always, as every time in the API ({@code Instant.toString} prints 0 to 9 digits). */
  static final DateTimeFormatter EXPIRES_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final JsonFactory JSON = new JsonFactory();
  private static final int MAX_BODY = 32 * 1024;

  private final SessionIssuer issuer;
  private final Clock clock;

  public SessionHandler() {
    this(Dependencies.get().sessionIssuer(), Clock.systemUTC());
  }

  SessionHandler(SessionIssuer issuer, Clock clock) {
    this.issuer = issuer;
    this.clock = clock;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    String body = HttpAnswers.body(event);
    TokenService.Session session;
    try {
      if (body.length() > MAX_BODY) {
        return HttpAnswers.error(413, "BAD_REQUEST", "the body is larger than " + MAX_BODY + " bytes");
      }
      String idToken = body.isBlank() ? null : idToken(body);
      session = idToken == null
          ? issuer.guest(HttpAnswers.sourceIp(event), clock.instant())
          : issuer.signIn(idToken, clock.instant());
    } catch (SignInException e) {
      return HttpAnswers.error(e);
    } catch (UserBannedException e) {
      return HttpAnswers.banned(e);
    } catch (IllegalStateException e) {
      // The provider's keys or discovery document could not be read: not the caller's fault, retry later.
      return HttpAnswers.error(503, "SIGN_IN_UNAVAILABLE", "the identity provider cannot be reached; try again shortly");
    } catch (IOException | IllegalArgumentException e) {
      return HttpAnswers.error(400, "BAD_REQUEST", "the body must be {\"idToken\":\"...\"} or empty");
    }
    return HttpAnswers.json(201, "{\"userId\":\"" + session.userId() + "\",\"token\":\"" + session.token()
        + "\",\"expiresAt\":\"" + EXPIRES_AT.format(session.expiresAt()) + "\",\"role\":\"" + session.role().wireName() + "\"}");
  }

  /** The {@code idToken} of a JSON object body; null when the object has none. */
  static String idToken(String body) throws IOException {
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("not an object");
      }
      String idToken = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if ("idToken".equals(name)) {
          if (value != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("idToken is not a string");
          }
          idToken = p.getText();
        } else {
          p.skipChildren();
        }
      }
      return idToken;
    }
  }
}
