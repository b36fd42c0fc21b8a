package dev.place.functions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RememberedUsersTest {

  @Test
  void aConnectionsUserIsLookedUpOnceThenRemembered() {
    CountingDirectory registry = new CountingDirectory();
    registry.register("c1", "alice");
    RememberedUsers users = new RememberedUsers(registry, 10);

    assertThat(users.userOf("c1")).isEqualTo("alice");
    assertThat(users.userOf("c1")).isEqualTo("alice");

    assertThat(registry.lookups).isEqualTo(1);
  }

  @Test
  void anUnregisteredConnectionIsAskedForAgainSoItsLateRegistrationIsSeen() {
    CountingDirectory registry = new CountingDirectory();
    RememberedUsers users = new RememberedUsers(registry, 10);

    assertThat(users.userOf("c1")).isNull();
    registry.register("c1", "alice"); // $connect landed after the first message
    assertThat(users.userOf("c1")).isEqualTo("alice");
    assertThat(registry.lookups).isEqualTo(2);
  }

  @Test
  void unregisteringThroughItForgetsTheUser() {
    CountingDirectory registry = new CountingDirectory();
    registry.register("c1", "alice");
    RememberedUsers users = new RememberedUsers(registry, 10);
    users.userOf("c1");

    assertThat(users.unregister("c1")).isTrue();
    assertThat(users.userOf("c1")).isNull();
  }

  @Test
  void theMemoryIsBoundedByItsCapacity() {
    CountingDirectory registry = new CountingDirectory();
    RememberedUsers users = new RememberedUsers(registry, 2);
    for (int i = 0; i < 5; i++) {
      registry.register("c" + i, "u" + i);
      users.userOf("c" + i);
    }
    registry.lookups = 0;

    assertThat(users.userOf("c4")).isEqualTo("u4"); // the newest survived the start-over
    assertThat(users.userOf("c0")).isEqualTo("u0"); // an old one is looked up again, still right
    assertThat(registry.lookups).isEqualTo(1);
  }

  private static final class CountingDirectory implements dev.place.shared.connection.ConnectionDirectory {
    final InMemoryDirectory registry = new InMemoryDirectory();
    int lookups;

    @Override
    public String userOf(String connectionId) {
      lookups++;
      return registry.userOf(connectionId);
    }

    @Override
    public void register(String connectionId, String userId) {
      registry.register(connectionId, userId);
    }

    @Override
    public boolean unregister(String connectionId) {
      return registry.unregister(connectionId);
    }

    @Override
    public void setEncoding(String connectionId, dev.place.shared.delivery.Encoding encoding) {
      registry.setEncoding(connectionId, encoding);
    }

    @Override
    public void subscribe(String connectionId, dev.place.shared.delivery.Subscription subscription) {
      registry.subscribe(connectionId, subscription);
    }
  }
}
