package dev.place.shared.timelapse;

import dev.place.shared.canvas.TileId;

/**
 * Where a replay reads a tile's past: Cassandra/Keyspaces in service ({@code TileHistory}), the Kafka
 * log or memory in tests and tools. Every source gives the same frames for the same events, because
 * the frames depend only on (tile, seq) order and placed_at.
 */
public interface HistorySource {

  /**
   * The newest known state of the tile that "as of atMillis" can start from (blank at seq 0 if none).
   * {@code Long.MIN_VALUE} asks for the state before the tile's first event (seq 0): where a replay
   * without moderation's restores starts, since a later state may hold some.
   */
  TileState start(TileId tile, long atMillis);

  /**
   * The tile's events after {@code start.seq()}, in seq order, without duplicates, at least up to the
   * first event placed after {@code untilMillis} (more is harmless: replays cut there).
   */
  TileEvents events(TileState start, long untilMillis);
}
