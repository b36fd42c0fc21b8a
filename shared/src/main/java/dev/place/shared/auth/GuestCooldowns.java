package dev.place.shared.auth;

import dev.place.shared.placement.Cooldowns;
import java.time.Duration;

/**
 * The longer cooldown of guests ({@code PLACE_GUEST_COOLDOWN_SECONDS}) around the cooldown store:
 * a guest's claim is for the guest cooldown, whatever the placement path asks for. Guests are known
 * by their id ({@link TokenService#isGuest}), so this needs nothing from the connection.
 */
public final class GuestCooldowns implements Cooldowns {

  private final Cooldowns store;
  private final Duration guestCooldown;

  public GuestCooldowns(Cooldowns store, Duration guestCooldown) {
    this.store = store;
    this.guestCooldown = guestCooldown;
  }

  /** The store itself when guests cost no more than accounts, else the store behind this. */
  public static Cooldowns around(Cooldowns store, Duration cooldown, Duration guestCooldown) {
    return guestCooldown.compareTo(cooldown) <= 0 ? store : new GuestCooldowns(store, guestCooldown);
  }

  @Override
  public Duration windowFor(String userId, Duration cooldown) {
    return TokenService.isGuest(userId) && guestCooldown.compareTo(cooldown) > 0 ? guestCooldown : cooldown;
  }

  @Override
  public Duration claim(String userId, String claimId, Duration cooldown) {
    return store.claim(userId, claimId, windowFor(userId, cooldown));
  }

  @Override
  public void refund(String userId, String claimId) {
    store.refund(userId, claimId);
  }

  @Override
  public Duration remaining(String userId) {
    return store.remaining(userId);
  }
}
