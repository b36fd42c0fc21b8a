package dev.place.shared.identity;

import dev.place.shared.auth.Role;
import java.util.List;

/**
 * Maps an account's identity provider groups to its place role: admin if in any admin group, else
 * moderator if in any moderator group, else user. Groups are the provider's (Cognito user pool
 * groups arrive as {@code cognito:groups}), so roles are granted where accounts are managed.
 */
public record GroupRoles(String claim, List<String> moderatorGroups, List<String> adminGroups) {

  public Role roleOf(List<String> groups) {
    if (groups.stream().anyMatch(adminGroups::contains)) {
      return Role.ADMIN;
    }
    if (groups.stream().anyMatch(moderatorGroups::contains)) {
      return Role.MODERATOR;
    }
    return Role.USER;
  }
}
