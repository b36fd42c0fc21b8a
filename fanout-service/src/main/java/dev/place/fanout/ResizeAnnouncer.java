package dev.place.fanout;

import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.protocol.ServerMessages;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Notices that the canvas grew and gives the {@code resize} message to send to every connection
 * once. The first look only records the size: connections learnt it from {@code hello}.
 */
final class ResizeAnnouncer {

  private final Supplier<CanvasGeometry> liveCanvas;
  private CanvasGeometry announced;

  ResizeAnnouncer(Supplier<CanvasGeometry> liveCanvas) {
    this.liveCanvas = liveCanvas;
  }

  /** The message to broadcast if the size changed since the last call. */
  synchronized Optional<String> check() {
    CanvasGeometry now = liveCanvas.get();
    if (announced == null || now.equals(announced)) {
      announced = now;
      return Optional.empty();
    }
    announced = now;
    return Optional.of(ServerMessages.resize(now));
  }
}
