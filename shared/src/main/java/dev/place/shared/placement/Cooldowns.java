package dev.place.shared.placement;

import java.time.Duration;

/** Per-user cooldowns. A claim is atomic across any number of handler instances. */
public interface Cooldowns {

  /**
   * Claims the user's next window. Returns {@link Duration#ZERO} when claimed, otherwise how long
   * the current window still lasts (nothing is changed then).
   */
  Duration claim(String userId, String claimId, Duration cooldown);

  /** Gives back a claim whose placement failed, but only if it is still this claim. */
  void refund(String userId, String claimId);

  /** The window this user's placement claims when the canvas's cooldown is {@code cooldown}. */
  default Duration windowFor(String userId, Duration cooldown) {
    return cooldown;
  }

  /** How long until the user may place; zero when they may place now. */
  Duration remaining(String userId);
}
