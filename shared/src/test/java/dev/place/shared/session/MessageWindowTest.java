package dev.place.shared.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.place.shared.delivery.Encoding;
import dev.place.shared.delivery.Subscription;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MessageWindowTest {

  @Test
  void theLimitsWorthOfMessagesPassInAWindowTheNextWaitsForItsEndAndTheNextWindowStartsAfresh() {
    MessageWindow window = new MessageWindow();
    for (int i = 0; i < 5; i++) {
      assertThat(window.count(10_000 + i, 5, 1_000)).as("message %d", i).isZero();
    }
    assertThat(window.count(10_400, 5, 1_000)).isEqualTo(600);
    assertThat(window.count(10_999, 5, 1_000)).as("a refused message is not counted, nor does it extend the window").isEqualTo(1);
    assertThat(window.count(11_000, 5, 1_000)).isZero();
  }

  @Test
  void theEdgesLimitCountsEachConnectionOnItsOwn() {
    LocalMessageLimit limit = new LocalMessageLimit(1, Duration.ofSeconds(10));
    ConnectionState a = connection("a", new MessageWindow());
    ConnectionState b = connection("b", new MessageWindow());

    assertThat(limit.count(a, 0)).isNull();
    assertThat(limit.count(a, 1)).isEqualTo(Duration.ofMillis(9_999));
    assertThat(limit.count(b, 2)).isNull();
  }

  @Test
  void aConnectionWithoutAWindowInMemoryCannotBeCountedLocally() {
    assertThatThrownBy(() -> new LocalMessageLimit(1, Duration.ofSeconds(1)).count(connection("c", null), 0))
        .hasMessageContaining("no message window");
    assertThatThrownBy(() -> new LocalMessageLimit(0, Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
  }

  private static ConnectionState connection(String id, MessageWindow window) {
    return new ConnectionState() {
      @Override
      public String connectionId() {
        return id;
      }

      @Override
      public String userId() {
        return "u";
      }

      @Override
      public String sourceIp() {
        return "127.0.0.1";
      }

      @Override
      public void setEncoding(Encoding encoding) {}

      @Override
      public void subscribe(Subscription subscription) {}

      @Override
      public MessageWindow messageWindow() {
        return window;
      }
    };
  }
}
