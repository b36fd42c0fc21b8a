package dev.place.shared.auth;

import java.time.Duration;

/** How many guest sessions one address may mint: the cost of an identity that needs no account. */
@FunctionalInterface
public interface GuestSessionLimit {

  /** Counts one minting; {@link Duration#ZERO} when allowed, else how long until the address may mint again. */
  Duration tryMint(String sourceIp, long nowMillis);
}
