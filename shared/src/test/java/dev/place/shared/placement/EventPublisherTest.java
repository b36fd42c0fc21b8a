package dev.place.shared.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.canvas.TileId;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The default asynchronous send of publishers that can only publish and wait (the in-memory fakes). */
class EventPublisherTest {

  @Test
  void theDefaultSendCompletesTrueOnAnAcknowledgementInTimeAndStaysOpenOtherwiseUntilALateOne() {
    AtomicReference<Runnable> late = new AtomicReference<>();
    EventPublisher log = new EventPublisher() {
      @Override
      public boolean publish(TileId tile, String eventJson, Duration timeout) {
        return eventJson.equals("in time");
      }

      @Override
      public boolean publish(TileId tile, String eventJson, Duration timeout, Runnable lateAcknowledgement) {
        late.set(lateAcknowledgement);
        return publish(tile, eventJson, timeout);
      }
    };

    assertThat(log.send(new TileId(0, 0), "in time", Duration.ofMillis(1))).isCompletedWithValue(true);
    CompletableFuture<Boolean> slow = log.send(new TileId(0, 0), "slow", Duration.ofMillis(1));
    assertThat(slow).as("not acknowledged, maybe later: not settled").isNotDone();
    late.get().run();
    assertThat(slow).isCompletedWithValue(true);
  }

  @Test
  void aLambdaPublisherThatCannotTellLeavesAnUnacknowledgedSendOpen() {
    EventPublisher down = (tile, json, timeout) -> false;

    assertThat(down.send(new TileId(0, 0), "{}", Duration.ofMillis(1))).isNotDone();
  }
}
