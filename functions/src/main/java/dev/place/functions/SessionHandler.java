package dev.place.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.place.shared.auth.TokenService;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * {@code POST /api/v1/session}: issues a guest identity and the signed token that {@code $connect}
 * expects in its {@code token} query parameter.
 */
public final class SessionHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  /** Milliseconds always, as every time in the API ({@code Instant.toString} prints 0 to 9 digits). */
  static final DateTimeFormatter EXPIRES_AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final TokenService tokens;
  private final Clock clock;

  public SessionHandler() {
    this(Dependencies.get().tokens(), Clock.systemUTC());
  }

  SessionHandler(TokenService tokens, Clock clock) {
    this.tokens = tokens;
    this.clock = clock;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    TokenService.Session session = tokens.issueGuest(clock.instant());
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(201)
        .withHeaders(Map.of("content-type", "application/json", "cache-control", "no-store"))
        .withBody("{\"userId\":\"" + session.userId() + "\",\"token\":\"" + session.token()
            + "\",\"expiresAt\":\"" + EXPIRES_AT.format(session.expiresAt()) + "\"}")
        .build();
  }
}
