package dev.place.shared.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.canvas.TileId;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.delivery.Encoding;
import dev.place.shared.delivery.Subscription;
import dev.place.shared.placement.CanvasStore;
import dev.place.shared.placement.Cooldowns;
import dev.place.shared.placement.PlacementService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientRequestsTest {

  private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T08:00:00Z"), ZoneOffset.UTC);
  private final CanvasGeometry canvas = new CanvasGeometry(2000, 2000, 256);
  private final List<String> writes = new ArrayList<>();
  private RuntimeException limitsFailure;

  private final Cooldowns cooldowns = new Cooldowns() {
    @Override
    public Duration claim(String userId, String claimId, Duration cooldown) {
      return Duration.ZERO;
    }

    @Override
    public void refund(String userId, String claimId) {}

    @Override
    public Duration remaining(String userId) {
      return Duration.ZERO;
    }
  };
  private final CanvasStore store = new CanvasStore() {
    @Override
    public long writePixel(TileId tile, int indexInTile, int colour, String eventPrefix, String eventSuffix) {
      writes.add(tile + "@" + indexInTile);
      return writes.size();
    }

    @Override
    public void forgetJournaled(TileId tile, long seq) {}

    @Override
    public TileSnapshot snapshot(TileId tile) {
      throw new UnsupportedOperationException();
    }
  };
  private final ClientRequests requests = new ClientRequests(PlaceConfig.from(n -> null),
      new PlacementService(canvas, Duration.ofMinutes(5), store, cooldowns, (ip, now) -> {
        if (limitsFailure != null) {
          throw limitsFailure;
        }
        return null;
      }, (tile, json, timeout) -> true, Duration.ofSeconds(1), clock),
      cooldowns, () -> canvas, clock);

  private class Connection implements ConnectionState {
    String user = "alice";
    Encoding encoding;
    Subscription subscription;

    @Override
    public String connectionId() {
      return "c1";
    }

    @Override
    public String userId() {
      return user;
    }

    @Override
    public String sourceIp() {
      return "203.0.113.9";
    }

    @Override
    public void setEncoding(Encoding chosen) {
      encoding = chosen;
    }

    @Override
    public void subscribe(Subscription chosen) {
      subscription = chosen;
    }
  }

  @Test
  void aRedisTimeoutBeforeTheWriteIsTheDocumentedInternalErrorAndNothingIsWritten() {
    limitsFailure = new IllegalStateException("Command timed out after 2 second(s)");

    String answer = requests.answer(new Connection(), "{\"action\":\"place\",\"x\":1,\"y\":2,\"color\":3,\"id\":\"p1\"}");

    assertThat(answer).startsWith("{\"id\":\"p1\",\"type\":\"error\",\"code\":\"INTERNAL\"").contains("nothing was placed");
    assertThat(writes).isEmpty();
  }

  @Test
  void aRedisTimeoutLookingUpTheConnectionsUserIsTheDocumentedInternalErrorForEveryAction() {
    Connection unreadable = new Connection() {
      @Override
      public String userId() {
        throw new IllegalStateException("Command timed out after 2 second(s)");
      }
    };
    for (String request : new String[] {"{\"action\":\"place\",\"x\":1,\"y\":2,\"color\":3,\"id\":7}",
        "{\"action\":\"hello\",\"id\":7}", "{\"action\":\"subscribe\",\"area\":\"all\",\"id\":7}"}) {
      assertThat(requests.answer(unreadable, request)).as(request).startsWith("{\"id\":7,\"type\":\"error\",\"code\":\"INTERNAL\"");
    }
    assertThat(writes).isEmpty();
  }

  @Test
  void anAnswerEchoesTheRequestIdEvenForAFieldError() {
    assertThat(requests.answer(new Connection(), "{\"id\":12,\"action\":\"place\",\"x\":\"1\",\"y\":2,\"color\":3}"))
        .startsWith("{\"id\":12,\"type\":\"error\",\"code\":\"INVALID_FIELD\"");
    assertThat(requests.answer(new Connection(), "{\"action\":\"ping\",\"id\":\"a\"}"))
        .isEqualTo("{\"id\":\"a\",\"type\":\"pong\",\"serverTime\":" + clock.millis() + "}");
    assertThat(writes).isEmpty();
  }

  @Test
  void helloAndSubscribeSetTheConnectionsDeliveryPreferences() {
    Connection connection = new Connection();

    assertThat(requests.answer(connection, "{\"action\":\"hello\",\"encoding\":\"binary\"}")).contains("\"encoding\":\"binary\"");
    assertThat(requests.answer(connection, "{\"action\":\"subscribe\",\"area\":[0,0,1,1]}"))
        .isEqualTo("{\"type\":\"subscribed\",\"area\":[0,0,1,1]}");

    assertThat(connection.encoding).isEqualTo(Encoding.BINARY);
    assertThat(connection.subscription).isEqualTo(new Subscription(0, 0, 1, 1));
  }

  @Test
  void aConnectionWithoutAUserMayPingButNotHelloSubscribeOrPlace() {
    Connection anonymous = new Connection();
    anonymous.user = null;

    assertThat(requests.answer(anonymous, "{\"action\":\"ping\"}")).contains("pong");
    for (String request : List.of("{\"action\":\"hello\",\"encoding\":\"binary\"}", "{\"action\":\"subscribe\",\"area\":\"all\"}",
        "{\"action\":\"place\",\"x\":1,\"y\":2,\"color\":3}")) {
      assertThat(requests.answer(anonymous, request)).contains("\"code\":\"UNAUTHORIZED\"");
    }
    assertThat(anonymous.encoding).isNull();
    assertThat(anonymous.subscription).isNull();
    assertThat(writes).isEmpty();
  }

  @Test
  void aPlacementIsAnsweredWithItsTileAndSequence() {
    assertThat(requests.answer(new Connection(), "{\"action\":\"place\",\"x\":300,\"y\":2,\"color\":3}"))
        .startsWith("{\"type\":\"placed\",\"x\":300,\"y\":2,\"color\":3,\"tile\":\"1:0\",\"seq\":1,");
    assertThat(writes).containsExactly("1:0@556");
  }

  @Test
  void overItsConnectionsMessageLimitEveryKindOfMessageIsRefusedWithTooManyMessagesAndChangesNothing() {
    PlaceConfig config = PlaceConfig.from(n -> switch (n) {
      case "PLACE_CONNECTION_MESSAGE_LIMIT" -> "3";
      case "PLACE_CONNECTION_MESSAGE_WINDOW_SECONDS" -> "10";
      default -> null;
    });
    Clock at = Clock.fixed(Instant.parse("2026-12-01T08:00:04Z"), ZoneOffset.UTC);
    ClientRequests limited = new ClientRequests(config, () -> new PlacementService(canvas, Duration.ofMinutes(5), store, cooldowns,
        (ip, now) -> null, (tile, json, timeout) -> true, Duration.ofSeconds(1), at), cooldowns, () -> canvas,
        new LocalMessageLimit(3, Duration.ofSeconds(10)), at);
    Connection connection = new Connection() {
      final MessageWindow window = new MessageWindow();

      @Override
      public MessageWindow messageWindow() {
        return window;
      }
    };
    assertThat(limited.answer(connection, "{\"action\":\"ping\"}")).contains("pong");
    assertThat(limited.answer(connection, "not json")).as("a malformed message counts too").contains("INVALID_JSON");
    assertThat(limited.answer(connection, "{\"action\":\"hello\"}")).contains("\"type\":\"hello\"");

    for (String request : List.of("{\"action\":\"place\",\"x\":1,\"y\":2,\"color\":3,\"id\":9}",
        "{\"action\":\"subscribe\",\"area\":[0,0,1,1],\"id\":9}", "{\"action\":\"ping\",\"id\":9}", "{\"id\":9,\"action\":\"place\",\"x\":\"a\"}")) {
      assertThat(limited.answer(connection, request)).as(request)
          .startsWith("{\"id\":9,\"type\":\"error\",\"code\":\"TOO_MANY_MESSAGES\",\"message\":\"this connection sent more than 3 messages in 10 s")
          .endsWith("\"retryAfter\":6,\"retryAt\":" + Instant.parse("2026-12-01T08:00:10Z").toEpochMilli() + "}");
    }
    assertThat(writes).as("a refused placement writes nothing").isEmpty();
    assertThat(connection.subscription).as("a refused subscribe changes nothing").isNull();
  }

  @Test
  void aLimitThatCannotCountIsTheDocumentedInternalErrorAndNothingElseRuns() {
    ClientRequests broken = new ClientRequests(PlaceConfig.from(n -> null), () -> {
      throw new AssertionError("placement must not be reached");
    }, cooldowns, () -> canvas, (connection, now) -> {
      throw new IllegalStateException("Command timed out after 2 second(s)");
    }, clock);

    assertThat(broken.answer(new Connection(), "{\"action\":\"place\",\"x\":1,\"y\":2,\"color\":3,\"id\":4}"))
        .startsWith("{\"id\":4,\"type\":\"error\",\"code\":\"INTERNAL\"");
  }

  @Test
  void afterTheNthPlacementTheNextIsAnsweredWithAChallengeAndGoesThroughWithItsSolution() throws Exception {
    dev.place.shared.moderation.ChallengeGate gate = new dev.place.shared.moderation.ChallengeGate(
        new dev.place.shared.moderation.ProofOfWorkChallenge(new byte[32], 4, 60_000),
        new dev.place.shared.moderation.InMemoryChallengeCounters(), 2, 60_000);
    ClientRequests challenging = new ClientRequests(PlaceConfig.from(n -> null), () -> new PlacementService(canvas,
        Duration.ofMinutes(5), store, cooldowns, (ip, now) -> null, (tile, json, timeout) -> true, Duration.ofSeconds(1), clock),
        cooldowns, () -> canvas, MessageLimit.OFF, gate, clock);
    Connection connection = new Connection();
    for (int i = 0; i < 2; i++) {
      assertThat(challenging.answer(connection, "{\"action\":\"place\",\"x\":" + i + ",\"y\":0,\"color\":3}")).contains("placed");
    }

    String asked = challenging.answer(connection, "{\"action\":\"place\",\"x\":5,\"y\":0,\"color\":3,\"id\":\"q\"}");

    assertThat(asked).startsWith("{\"id\":\"q\",\"type\":\"error\",\"code\":\"CHALLENGE_REQUIRED\"");
    assertThat(writes).as("the challenged placement wrote nothing").hasSize(2);
    java.util.regex.Matcher field = java.util.regex.Pattern.compile("\"challenge\":\"([^\"]+)\"").matcher(asked);
    assertThat(field.find()).as(asked).isTrue();
    String challenge = field.group(1);
    String answer = dev.place.shared.moderation.ProofOfWorkChallenge.solve(challenge);
    assertThat(challenging.answer(connection, "{\"action\":\"place\",\"x\":5,\"y\":0,\"color\":3,\"challenge\":\""
        + challenge + "\",\"answer\":\"" + answer + "\"}")).contains("\"type\":\"placed\"");
    assertThat(writes).hasSize(3);
    assertThat(challenging.answer(connection, "{\"action\":\"place\",\"x\":6,\"y\":0,\"color\":3,\"challenge\":7}"))
        .as("a challenge that is not a string").contains("INVALID_FIELD");
  }
}
