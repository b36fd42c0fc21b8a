package dev.place.shared.resize;

import dev.place.shared.canvas.CanvasGeometry;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The canvas geometry now: the configured size grown to what is stored in Redis. Re-read at most
 * once per {@code refreshMillis}, so a placement costs no extra round trip; after an admin grows
 * the canvas every reader sees it within that time. If the read fails the last known size stays.
 */
public final class LiveCanvas implements Supplier<CanvasGeometry> {

  private static final Logger LOG = LoggerFactory.getLogger(LiveCanvas.class);

  private final CanvasGeometry configured;
  private final Supplier<Optional<CanvasSizes.Size>> stored;
  private final long refreshMillis;
  private final LongSupplier clock;
  private volatile CanvasGeometry current;
  private volatile long readAt;
  private volatile boolean read;

  public LiveCanvas(CanvasGeometry configured, Supplier<Optional<CanvasSizes.Size>> stored, long refreshMillis,
      LongSupplier clock) {
    this.configured = configured;
    this.stored = stored;
    this.refreshMillis = refreshMillis;
    this.clock = clock;
    this.current = configured;
  }

  public static LiveCanvas of(CanvasGeometry configured, CanvasSizes sizes) {
    return new LiveCanvas(configured, sizes::read, 1_000, System::currentTimeMillis);
  }

  @Override
  public CanvasGeometry get() {
    long now = clock.getAsLong();
    if (!read || now - readAt >= refreshMillis) {
      synchronized (this) {
        if (!read || now - readAt >= refreshMillis) {
          try {
            current = stored.get()
                .map(s -> new CanvasGeometry(Math.max(configured.width(), s.width()),
                    Math.max(configured.height(), s.height()), configured.tileSize()))
                .orElse(configured);
          } catch (RuntimeException e) {
            LOG.warn("reading the canvas size failed, keeping {}x{}: {}", current.width(), current.height(), e.toString());
          }
          readAt = now;
          read = true;
        }
      }
    }
    return current;
  }
}
