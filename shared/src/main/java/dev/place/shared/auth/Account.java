package dev.place.shared.auth;

/**
 * A signed-in person, as their identity provider vouched for them in a verified ID token.
 *
 * @param userId the stable place user id of the provider's subject (see {@code AccountIds})
 * @param role from the provider's groups: user, moderator or admin
 */
public record Account(String userId, Role role) {}
