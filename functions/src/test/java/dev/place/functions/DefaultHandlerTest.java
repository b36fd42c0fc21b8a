package dev.place.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.delivery.Encoding;
import dev.place.shared.delivery.Subscription;
import dev.place.shared.session.ClientRequests;
import dev.place.shared.placement.Cooldowns;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DefaultHandlerTest {

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-28T08:00:00Z"), ZoneOffset.UTC);
  private final InMemoryDirectory directory = new InMemoryDirectory();
  private Duration remaining = Duration.ZERO;
  private final Cooldowns cooldowns = new Cooldowns() {
    @Override
    public Duration claim(String userId, String claimId, Duration cooldown) {
      throw new AssertionError("hello must not claim a cooldown");
    }

    @Override
    public void refund(String userId, String claimId) {
      throw new AssertionError("hello must not refund");
    }

    @Override
    public Duration remaining(String userId) {
      return remaining;
    }
  };
  private final DefaultHandler handler = new DefaultHandler(new ClientRequests(PlaceConfig.from(n -> null),
      () -> {
        throw new AssertionError("the default route must not build placement");
      }, cooldowns, () -> new CanvasGeometry(2000, 2000, 256), clock), directory);

  @Test
  void helloDescribesTheCanvasAndWhenTheUserMayPlace() {
    directory.register("BFHPhfCWIAMCKlQ=", "alice");
    remaining = Duration.ofSeconds(42);

    String body = handler.handleRequest(SampleEvents.load("default-hello.json", APIGatewayV2WebSocketEvent.class), null).getBody();

    assertThat(body).startsWith("{\"type\":\"hello\",\"userId\":\"alice\",\"connectionId\":\"BFHPhfCWIAMCKlQ=\"")
        .contains("\"width\":2000", "\"height\":2000", "\"tileSize\":256", "\"cooldownSeconds\":300",
            "\"nextPlacementAt\":" + (clock.millis() + 42_000), "\"palette\":[\"#FFFFFF\"", "latest.json");
  }

  @Test
  void helloFromAConnectionWithoutAUserIsUnauthorized() {
    String body = handler.handleRequest(SampleEvents.load("default-hello.json", APIGatewayV2WebSocketEvent.class), null).getBody();
    assertThat(body).contains("\"code\":\"UNAUTHORIZED\"");
  }

  @Test
  void pingIsAnsweredWithPong() {
    String body = handler.handleRequest(SampleEvents.load("default-ping.json", APIGatewayV2WebSocketEvent.class), null).getBody();
    assertThat(body).isEqualTo("{\"type\":\"pong\",\"serverTime\":" + clock.millis() + "}");
  }

  @Test
  void unknownActionsAndGarbageGetClearErrors() {
    APIGatewayV2WebSocketEvent event = SampleEvents.load("default-ping.json", APIGatewayV2WebSocketEvent.class);
    event.setBody("{\"action\":\"dance\"}");
    assertThat(handler.handleRequest(event, null).getBody()).contains("\"code\":\"UNKNOWN_ACTION\"", "dance");
    event.setBody("{\"x\":1}");
    assertThat(handler.handleRequest(event, null).getBody()).contains("\"code\":\"UNKNOWN_ACTION\"", "no \\\"action\\\"");
    event.setBody("hello?");
    assertThat(handler.handleRequest(event, null).getBody()).contains("\"code\":\"INVALID_JSON\"");
  }

  @Test
  void helloRecordsTheChosenEncodingWhereTheFanoutReadsIt() {
    directory.register("BFHPhfCWIAMCKlQ=", "alice");
    APIGatewayV2WebSocketEvent event = SampleEvents.load("default-hello.json", APIGatewayV2WebSocketEvent.class);
    event.setBody("{\"action\":\"hello\",\"encoding\":\"binary\"}");

    assertThat(handler.handleRequest(event, null).getBody()).endsWith(",\"encoding\":\"binary\"}");
    assertThat(directory.encodings).containsEntry("BFHPhfCWIAMCKlQ=", Encoding.BINARY);
  }

  @Test
  void subscribeRecordsTheTilesAndSaysWhichAndItsIdIsEchoed() {
    directory.register("BFHPhfCWIAMCKlQ=", "alice");
    APIGatewayV2WebSocketEvent event = SampleEvents.load("default-ping.json", APIGatewayV2WebSocketEvent.class);
    event.setBody("{\"action\":\"subscribe\",\"area\":[1,0,3,2],\"id\":7}");

    assertThat(handler.handleRequest(event, null).getBody()).isEqualTo("{\"id\":7,\"type\":\"subscribed\",\"area\":[1,0,3,2]}");
    assertThat(directory.subscriptions).containsEntry("BFHPhfCWIAMCKlQ=", new Subscription(1, 0, 3, 2));
  }

  @Test
  void aConnectionWithoutAUserCannotSubscribeAndNothingIsRecorded() {
    APIGatewayV2WebSocketEvent event = SampleEvents.load("default-ping.json", APIGatewayV2WebSocketEvent.class);
    event.setBody("{\"action\":\"subscribe\",\"area\":\"all\"}");

    assertThat(handler.handleRequest(event, null).getBody()).contains("\"code\":\"UNAUTHORIZED\"");
    assertThat(directory.subscriptions).isEmpty();
  }
}
