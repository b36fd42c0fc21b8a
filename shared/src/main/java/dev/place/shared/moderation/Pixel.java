package dev.place.shared.moderation;

import dev.place.shared.event.PixelEvent;

/** A canvas position, in canvas pixels. */
public record Pixel(int x, int y) {

  public static Pixel of(PixelEvent event) {
    return new Pixel(event.x(), event.y());
  }
}
