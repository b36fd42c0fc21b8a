package dev.place.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.place.shared.auth.ConnectAuthenticator;
import dev.place.shared.auth.InvalidTokenException;
import dev.place.shared.auth.SignInException;
import dev.place.shared.auth.UserBannedException;
import java.time.Clock;

/**
 * {@code POST /api/v1/connect-ticket} with {@code Authorization: Bearer <session token>}: a
 * single-use ticket for one WebSocket handshake ({@code ?ticket=}), so the URL that reaches access
 * logs holds nothing that works twice or for long (docs/protocol.md, Connecting). A banned user gets
 * 403 {@code USER_BANNED}, a missing, bad or revoked token 401.
 */
public final class ConnectTicketHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  private final ConnectAuthenticator authenticator;
  private final Clock clock;

  public ConnectTicketHandler() {
    this(Dependencies.get().connectAuthenticator(), Clock.systemUTC());
  }

  ConnectTicketHandler(ConnectAuthenticator authenticator, Clock clock) {
    this.authenticator = authenticator;
    this.clock = clock;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    ConnectAuthenticator.Ticket ticket;
    try {
      ticket = authenticator.ticketFor(HttpAnswers.bearer(event), clock.instant());
    } catch (UserBannedException e) {
      return HttpAnswers.banned(e);
    } catch (InvalidTokenException e) {
      return HttpAnswers.error(401, SignInException.UNAUTHORIZED, e.getMessage());
    }
    return HttpAnswers.json(201, "{\"ticket\":\"" + ticket.ticket() + "\",\"expiresAt\":\""
        + SessionHandler.EXPIRES_AT.format(ticket.expiresAt()) + "\"}");
  }
}
