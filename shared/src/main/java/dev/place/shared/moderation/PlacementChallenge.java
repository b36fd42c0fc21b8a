package dev.place.shared.moderation;

/**
 * A test a client must pass before it may place again, asked after every N placements of a user
 * (off by default). Implementations decide what the test is: proof of work locally, a CAPTCHA
 * provider in production.
 */
public interface PlacementChallenge {

  /** A new challenge for {@code userId}, as an opaque string the client must answer. */
  String issue(String userId, long nowMillis);

  /** True when {@code answer} solves {@code challenge}, issued to this user and not expired. */
  boolean accepts(String userId, String challenge, String answer, long nowMillis);
}
