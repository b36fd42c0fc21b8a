package dev.place.shared.placement;

import java.time.Duration;

/** The limits beyond the per-user cooldown: per source address and for the whole canvas. */
public interface RateLimits {

  /** Counts one placement attempt; returns {@code null} when within limits, else the verdict. */
  Exceeded count(String sourceIp, long nowMillis);

  enum Scope { SOURCE_IP, GLOBAL }

  record Exceeded(Scope scope, Duration retryAfter) {}
}
