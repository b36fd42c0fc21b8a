package dev.place.shared.timelapse;

import dev.place.shared.canvas.TileId;
import java.util.ArrayList;
import java.util.List;

/** Builds frame plans from a history source: the one path used by canvas-at and timelapses. */
public final class Replays {

  private Replays() {}

  /** Frames of the region at the given times; each tile starts from its newest checkpoint before the first. */
  public static FramePlan plan(HistorySource source, Region region, int tileSize, long[] frameTimes) {
    return plan(source, region, tileSize, frameTimes, TileSequences.UNCHECKED);
  }

  /**
   * As {@link #plan(HistorySource, Region, int, long[])}, but only from a complete history: every tile
   * must hold each event from its start up to the sequence {@code sequences} reports (read first, so
   * the history read after it can only be newer), or up to its first event placed after the last frame.
   *
   * @throws HistoryIncompleteException naming the first tile that lacks an event
   */
  public static FramePlan plan(HistorySource source, Region region, int tileSize, long[] frameTimes,
      TileSequences sequences) {
    return plan(source, region, tileSize, frameTimes, sequences, TimelapseRequest.Moderation.INCLUDE);
  }

  /**
   * As {@link #plan(HistorySource, Region, int, long[], TileSequences)}, with or without the restores
   * moderation wrote. Without them every tile starts from its first event, not from a checkpoint: a
   * checkpoint is the tile as it was, restores included, and which of its pixels a restore wrote is
   * not known without the events before it. So such a plan reads each tile's whole history.
   */
  public static FramePlan plan(HistorySource source, Region region, int tileSize, long[] frameTimes,
      TileSequences sequences, TimelapseRequest.Moderation moderation) {
    boolean restores = moderation == TimelapseRequest.Moderation.INCLUDE;
    List<TileId> tiles = region.tiles(tileSize);
    long[] reached = new long[tiles.size()];
    for (int i = 0; i < reached.length && sequences.checked(); i++) {
      reached[i] = sequences.current(tiles.get(i));
    }
    List<TileState> starts = new ArrayList<>();
    List<TileEvents> events = new ArrayList<>();
    long last = frameTimes[frameTimes.length - 1];
    for (int i = 0; i < tiles.size(); i++) {
      // Without restores: from before the first event, as a checkpoint holds the restores before it.
      TileState start = source.start(tiles.get(i), restores ? frameTimes[0] : Long.MIN_VALUE);
      TileEvents tileEvents = source.events(start, last);
      if (sequences.checked()) {
        requireComplete(start, tileEvents, reached[i], last);
      }
      starts.add(start);
      events.add(tileEvents);
    }
    return FramePlan.build(region, frameTimes, tileSize, starts, events, restores);
  }

  /** "As of T" is the longest run of events placed at or before T: a gap inside it would change the frame. */
  static void requireComplete(TileState start, TileEvents events, long reached, long untilMillis) {
    long expected = start.seq() + 1;
    for (int i = 0; i < events.size() && expected <= reached; i++) {
      if (events.seq(i) != expected) {
        break;
      }
      if (events.at(i) > untilMillis) {
        return; // later events cannot change the frames
      }
      expected++;
    }
    if (expected <= reached) {
      throw new HistoryIncompleteException("the history of tile " + start.tile() + " holds events up to "
          + (expected - 1) + " of " + reached + " so far");
    }
  }

  /** The region as of one moment, as palette indices. */
  public static byte[] asOf(HistorySource source, Region region, int tileSize, long atMillis) {
    return plan(source, region, tileSize, new long[] {atMillis}).last();
  }
}
