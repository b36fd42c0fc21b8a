package dev.place.shared.auth;

import dev.place.shared.moderation.Ban;
import dev.place.shared.moderation.Bans;
import java.time.Duration;
import java.time.Instant;

/**
 * Issues place sessions ({@code POST /api/v1/session}): to an account for a verified ID token of the
 * configured OpenID Connect provider, or, where the operator allows guests, to a new guest, at most
 * so many per address per hour. One account is one user id, so one cooldown, whatever the number of
 * its sessions, connections and devices. A banned account gets no session while its ban is in force.
 */
public final class SessionIssuer {

  private final TokenService tokens;
  private final IdTokenVerifier accounts;
  private final boolean guests;
  private final GuestSessionLimit guestLimit;
  private final Bans bans;

  /** Without bans (tests, and tools that mint sessions). */
  public SessionIssuer(TokenService tokens, IdTokenVerifier accounts, boolean guests, GuestSessionLimit guestLimit) {
    this(tokens, accounts, guests, guestLimit, Bans.NONE);
  }

  /**
   * @param accounts null when no identity provider is configured (guests only)
   * @param guests whether guests may sign in at all ({@code PLACE_GUESTS})
   * @param bans asked at every sign-in; a new guest has a new id, so no ban to ask about
   */
  public SessionIssuer(TokenService tokens, IdTokenVerifier accounts, boolean guests, GuestSessionLimit guestLimit, Bans bans) {
    this.tokens = tokens;
    this.accounts = accounts;
    this.guests = guests;
    this.guestLimit = guestLimit;
    this.bans = bans;
  }

  /** Whether accounts can sign in here. */
  public boolean signInConfigured() {
    return accounts != null;
  }

  public boolean guestsAllowed() {
    return guests;
  }

  /** A session for the ID token's account, unless the account is banned. */
  public TokenService.Session signIn(String idToken, Instant now) throws SignInException, UserBannedException {
    if (accounts == null) {
      throw new SignInException(SignInException.SIGN_IN_NOT_CONFIGURED, 400,
          "this server has no identity provider (PLACE_OIDC_ISSUER); ask for a guest session without a body");
    }
    Account account;
    try {
      account = accounts.verify(idToken, now);
    } catch (InvalidTokenException e) {
      throw new SignInException(SignInException.INVALID_ID_TOKEN, 401, e.getMessage());
    }
    Ban ban = bans.inForce(account.userId(), now.toEpochMilli());
    if (ban != null) {
      throw new UserBannedException(ban);
    }
    return tokens.issue(account.userId(), account.role(), now);
  }

  /** A session for a new guest, if guests are allowed and the address has not minted its share. */
  public TokenService.Session guest(String sourceIp, Instant now) throws SignInException {
    if (!guests) {
      throw new SignInException(SignInException.GUESTS_DISABLED, 403, accounts == null
          ? "guests are not allowed here" : "guests are not allowed here; sign in with an account");
    }
    Duration wait = guestLimit.tryMint(sourceIp, now.toEpochMilli());
    if (!wait.isZero()) {
      throw new SignInException(SignInException.GUEST_RATE_LIMITED, 429,
          "too many guest sessions from your address; " + (accounts == null ? "try again later" : "sign in, or try again later"),
          wait);
    }
    return tokens.issueGuest(now);
  }
}
