package dev.place.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.canvas.TileId;
import dev.place.shared.placement.CanvasStore;
import dev.place.shared.placement.Cooldowns;
import dev.place.shared.placement.EventPublisher;
import dev.place.shared.placement.PlacementService;
import dev.place.shared.session.ClientRequests;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlaceHandlerTest {

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-28T08:00:00Z"), ZoneOffset.UTC);
  private final InMemoryDirectory directory = new InMemoryDirectory();
  private final List<String> writes = new ArrayList<>();
  private final List<String> sourceIps = new ArrayList<>();
  private boolean redisDown;
  private boolean cooling;

  private final CanvasStore store = new CanvasStore() {
    @Override
    public long writePixel(TileId tile, int index, int colour, String prefix, String suffix) {
      if (redisDown) {
        throw new IllegalStateException("connection refused");
      }
      writes.add(tile + "@" + index + "=" + colour);
      return writes.size();
    }

    @Override
    public void forgetJournaled(TileId tile, long seq) {}

    @Override
    public TileSnapshot snapshot(TileId tile) {
      throw new UnsupportedOperationException();
    }
  };
  private final Cooldowns cooldowns = new Cooldowns() {
    @Override
    public Duration claim(String userId, String claimId, Duration cooldown) {
      return cooling ? Duration.ofSeconds(299) : Duration.ZERO;
    }

    @Override
    public void refund(String userId, String claimId) {}

    @Override
    public Duration remaining(String userId) {
      return Duration.ZERO;
    }
  };
  private final EventPublisher publisher = (tile, json, timeout) -> true;
  private final PlaceHandler handler = new PlaceHandler(new ClientRequests(PlaceConfig.from(n -> null),
      new PlacementService(new CanvasGeometry(2000, 2000, 256), Duration.ofMinutes(5), store, cooldowns,
          (ip, now) -> {
            sourceIps.add(ip);
            return null;
          }, publisher, Duration.ofSeconds(1), clock),
      cooldowns, () -> new CanvasGeometry(2000, 2000, 256), clock), directory);

  private String send(String body) {
    APIGatewayV2WebSocketEvent event = SampleEvents.load("place.json", APIGatewayV2WebSocketEvent.class);
    if (body != null) {
      event.setBody(body);
    }
    return handler.handleRequest(event, null).getBody();
  }

  @Test
  void aSignedInConnectionPlacesAndIsToldItsSequenceAndNextAllowedTime() {
    directory.register("BFHPhfCWIAMCKlQ=", "alice");

    assertThat(send(null)).isEqualTo("{\"type\":\"placed\",\"x\":10,\"y\":20,\"color\":5,\"tile\":\"0:0\",\"seq\":1,\"nextPlacementAt\":"
        + (clock.millis() + 300_000) + "}");
    assertThat(writes).containsExactly("0:0@5130=5");
    assertThat(sourceIps).containsExactly("203.0.113.7");
  }

  @Test
  void cooldownRejectionsCarryRetryAfterInSeconds() {
    directory.register("BFHPhfCWIAMCKlQ=", "alice");
    cooling = true;
    assertThat(send(null)).contains("\"code\":\"COOLDOWN\"", "\"retryAfter\":299", "\"retryAt\":" + (clock.millis() + 299_000));
    assertThat(writes).isEmpty();
  }

  @Test
  void aConnectionWithoutAUserCannotPlace() {
    assertThat(send(null)).contains("\"code\":\"UNAUTHORIZED\"");
    assertThat(writes).isEmpty();
  }

  @Test
  void badInputIsAnsweredAndNothingIsWritten() {
    directory.register("BFHPhfCWIAMCKlQ=", "alice");
    assertThat(send("{\"action\":\"place\",\"x\":2000,\"y\":0,\"color\":1}")).contains("\"code\":\"OUT_OF_BOUNDS\"");
    assertThat(send("{\"action\":\"place\",\"x\":1,\"y\":0,\"color\":16}")).contains("\"code\":\"INVALID_COLOR\"");
    assertThat(send("{\"action\":\"place\",\"x\":\"1\",\"y\":0,\"color\":1}")).contains("\"code\":\"INVALID_FIELD\"");
    assertThat(send("{\"action\":\"place\"")).contains("\"code\":\"INVALID_JSON\"");
    assertThat(send("{\"action\":\"place\",\"x\":1,\"y\":1,\"color\":1,\"pad\":\"" + "x".repeat(2000) + "\"}"))
        .contains("\"code\":\"MESSAGE_TOO_LARGE\"");
    assertThat(writes).isEmpty();
  }

  @Test
  void aStoreFailureIsAnInternalErrorThatSaysNothingWasPlaced() {
    directory.register("BFHPhfCWIAMCKlQ=", "alice");
    redisDown = true;
    assertThat(send(null)).contains("\"code\":\"INTERNAL\"", "nothing was placed").doesNotContain("refused");
  }
}
