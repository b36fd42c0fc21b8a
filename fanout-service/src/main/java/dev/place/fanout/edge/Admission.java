package dev.place.fanout.edge;

import dev.place.shared.auth.ConnectAuthenticator;
import dev.place.shared.auth.InvalidTokenException;
import dev.place.shared.auth.SessionClaims;
import dev.place.shared.auth.TokenService;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Who may open an edge socket: the user a connect ticket (or, deprecated, a session token) names.
 * Asynchronous, because redeeming a ticket is a Redis round trip and the handshake runs on an event
 * loop that must not wait. Fails with {@link InvalidTokenException} for a refused credential.
 */
@FunctionalInterface
public interface Admission {

  CompletionStage<String> userId(String ticket, String token, Instant now);

  /** The same rule as {@code $connect}: tickets redeemed once, session tokens checked for revocation. */
  static Admission of(ConnectAuthenticator authenticator) {
    return (ticket, token, now) -> authenticator.admitAsync(ticket, token, now).thenApply(SessionClaims::userId);
  }

  /** Session tokens only, no Redis: tests and tools. */
  static Admission tokens(TokenService tokens) {
    return (ticket, token, now) -> {
      try {
        if (ticket != null) {
          throw new InvalidTokenException("this edge takes session tokens only");
        }
        return CompletableFuture.completedFuture(tokens.verify(token, now));
      } catch (InvalidTokenException e) {
        return CompletableFuture.failedFuture(e);
      }
    };
  }
}
