package dev.place.shared.timelapse;

import dev.place.shared.canvas.TileId;
import java.util.ArrayList;
import java.util.List;

/** Builds frame plans from a history source: the one path used by canvas-at and timelapses. */
public final class Replays {

  private Replays() {}

  /** Frames of the region at the given times; each tile starts from its newest checkpoint before the first. */
  public static FramePlan plan(HistorySource source, Region region, int tileSize, long[] frameTimes) {
    List<TileState> starts = new ArrayList<>();
    List<TileEvents> events = new ArrayList<>();
    long last = frameTimes[frameTimes.length - 1];
    for (TileId tile : region.tiles(tileSize)) {
      TileState start = source.start(tile, frameTimes[0]);
      starts.add(start);
      events.add(source.events(start, last));
    }
    return FramePlan.build(region, frameTimes, tileSize, starts, events);
  }

  /** The region as of one moment, as palette indices. */
  public static byte[] asOf(HistorySource source, Region region, int tileSize, long atMillis) {
    return plan(source, region, tileSize, new long[] {atMillis}).last();
  }
}
