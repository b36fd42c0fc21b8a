package dev.place.shared.auth;

import java.time.Instant;

/** Checks an OpenID Connect ID token and says whose it is; the implementation is {@code OidcIdTokenVerifier}. */
@FunctionalInterface
public interface IdTokenVerifier {

  /** The account the token was issued to; throws with the reason when it is not a good ID token for us. */
  Account verify(String idToken, Instant now) throws InvalidTokenException;
}
