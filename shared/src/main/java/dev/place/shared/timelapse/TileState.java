package dev.place.shared.timelapse;

import dev.place.shared.canvas.TileId;

/**
 * A tile's pixels after event {@code seq} (Redis BITFIELD u4 layout, {@code TileCodec}), and the
 * latest {@code placed_at} among events 1..seq. Events after it are replayed on top.
 */
public record TileState(TileId tile, long seq, long maxAtMillis, byte[] pixels) {}
