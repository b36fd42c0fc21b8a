package dev.place.shared.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.placement.Cooldowns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuestCooldownsTest {

  private final List<String> claims = new ArrayList<>();
  private final Cooldowns store = new Cooldowns() {
    @Override
    public Duration claim(String userId, String claimId, Duration cooldown) {
      claims.add(userId + " " + cooldown.toSeconds());
      return Duration.ZERO;
    }

    @Override
    public void refund(String userId, String claimId) {
      claims.add("refund " + userId);
    }

    @Override
    public Duration remaining(String userId) {
      return Duration.ofSeconds(7);
    }
  };

  @Test
  void guestsClaimTheLongerCooldownAndAccountsTheirOwn() {
    Cooldowns cooldowns = GuestCooldowns.around(store, Duration.ofSeconds(300), Duration.ofSeconds(900));
    cooldowns.claim("guest-abc", "c1", Duration.ofSeconds(300));
    cooldowns.claim("u-alice", "c2", Duration.ofSeconds(300));
    cooldowns.refund("guest-abc", "c1");
    assertThat(claims).containsExactly("guest-abc 900", "u-alice 300", "refund guest-abc");
    assertThat(cooldowns.remaining("guest-abc")).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void guestsThatCostNoMoreLeaveTheStoreUnwrapped() {
    assertThat(GuestCooldowns.around(store, Duration.ofSeconds(300), Duration.ofSeconds(300))).isSameAs(store);
  }
}
