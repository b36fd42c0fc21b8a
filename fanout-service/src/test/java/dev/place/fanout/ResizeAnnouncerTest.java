package dev.place.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.canvas.CanvasGeometry;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ResizeAnnouncerTest {

  @Test
  void announcesEachChangeOnceAndNotTheStartingSize() {
    AtomicReference<CanvasGeometry> live = new AtomicReference<>(new CanvasGeometry(1000, 1000, 256));
    ResizeAnnouncer announcer = new ResizeAnnouncer(live::get);

    assertThat(announcer.check()).as("clients got the starting size in hello").isEmpty();
    live.set(new CanvasGeometry(2000, 2000, 256));
    assertThat(announcer.check()).hasValue("{\"type\":\"resize\",\"width\":2000,\"height\":2000,\"tileSize\":256}");
    assertThat(announcer.check()).isEmpty();
  }
}
