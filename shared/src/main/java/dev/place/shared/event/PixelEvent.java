package dev.place.shared.event;

import dev.place.shared.canvas.TileId;

/**
 * One acknowledged placement. {@code (tile, seq)} identifies it everywhere and orders it: the tile
 * sequence is the one true last-write-wins order of the canvas.
 */
public record PixelEvent(TileId tile, long seq, int x, int y, int colour, String userId, long placedAtMillis) {}
