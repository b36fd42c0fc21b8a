package dev.place.shared.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.connection.ConnectionDirectory;
import dev.place.shared.delivery.Encoding;
import dev.place.shared.delivery.Subscription;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SessionTerminatorTest {

  private final InMemoryAuthStores revocations = new InMemoryAuthStores();
  private final Map<String, List<String>> connectionsOfUsers = new HashMap<>();
  private final Map<String, String> registry = new HashMap<>();
  private final List<String> closed = new ArrayList<>();
  private final List<String> announced = new ArrayList<>();

  private final ConnectionDirectory directory = new ConnectionDirectory() {
    @Override
    public void register(String connectionId, String userId) {
      registry.put(connectionId, userId);
    }

    @Override
    public boolean unregister(String connectionId) {
      return registry.remove(connectionId) != null;
    }

    @Override
    public String userOf(String connectionId) {
      return registry.get(connectionId);
    }

    @Override
    public void setEncoding(String connectionId, Encoding encoding) {}

    @Override
    public void subscribe(String connectionId, Subscription subscription) {}
  };

  private final SignOutNotices notices = new SignOutNotices() {
    @Override
    public void announce(String userId) {
      announced.add(userId);
    }

    @Override
    public AutoCloseable listen(Consumer<String> signedOut) {
      return () -> {};
    }
  };

  private SessionTerminator terminator(java.util.function.Predicate<String> closes) {
    return new SessionTerminator(revocations, user -> {
      List<String> ids = connectionsOfUsers.getOrDefault(user, List.of());
      connectionsOfUsers.remove(user);
      return ids;
    }, directory, id -> {
      if (id.startsWith("broken")) {
        throw new IllegalStateException("@connections unreachable");
      }
      closed.add(id);
      return closes.test(id);
    }, notices);
  }

  @Test
  void endingAUsersSessionsRevokesThemClosesTheirGatewayConnectionsAndTellsTheEdges() {
    connectionsOfUsers.put("u-mallory", List.of("c1", "c2"));
    registry.put("c1", "u-mallory");
    registry.put("c2", "u-mallory");
    registry.put("c3", "u-bob");

    int count = terminator(id -> true).endAll("u-mallory", 5_000);

    assertThat(count).isEqualTo(2);
    assertThat(revocations.revokedBefore("u-mallory")).isEqualTo(5_000);
    assertThat(closed).containsExactly("c1", "c2");
    assertThat(registry).containsOnlyKeys("c3");
    assertThat(announced).containsExactly("u-mallory");
    assertThat(connectionsOfUsers).doesNotContainKey("u-mallory");
  }

  @Test
  void aConnectionThatCannotBeClosedIsStillUnregisteredAndTheOthersAreClosed() {
    connectionsOfUsers.put("u-mallory", List.of("broken-1", "c2", "gone"));
    registry.put("broken-1", "u-mallory");
    registry.put("c2", "u-mallory");

    int count = terminator(id -> !id.equals("gone")).endAll("u-mallory", 1);

    assertThat(count).as("broken-1 unregistered, c2 closed; gone was neither").isEqualTo(2);
    assertThat(registry).isEmpty();
    assertThat(announced).containsExactly("u-mallory");
  }
}
