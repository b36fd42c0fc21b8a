package dev.place.shared.moderation;

import dev.place.shared.canvas.TileId;
import dev.place.shared.timelapse.Region;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The areas where placements are refused, indexed by tile so that the check on every placement
 * looks only at the few areas touching that pixel's tile. Immutable: a change builds a new set.
 */
public final class ProtectedAreas {

  /**
   * One protected rectangle, with why, by whom and since when (shown to moderators and in the audit
   * log, not to placers).
   */
  public record Area(String id, Region region, String reason, String moderator, long createdAtMillis) {

    public Area {
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException("an area has an id");
      }
      java.util.Objects.requireNonNull(region, "region");
      reason = reason == null ? "" : reason;
      moderator = moderator == null ? "" : moderator;
    }

    public Area(String id, Region region, String reason) {
      this(id, region, reason, "", 0);
    }
  }

  private static final ProtectedAreas NONE = new ProtectedAreas(List.of(), 1);

  private final List<Area> areas;
  private final int tileSize;
  private final Map<TileId, List<Area>> byTile = new HashMap<>();

  private ProtectedAreas(List<Area> areas, int tileSize) {
    this.areas = List.copyOf(areas);
    this.tileSize = tileSize;
    for (Area area : this.areas) {
      for (TileId tile : area.region().tiles(tileSize)) {
        byTile.computeIfAbsent(tile, t -> new ArrayList<>(1)).add(area);
      }
    }
  }

  public static ProtectedAreas none() {
    return NONE;
  }

  public static ProtectedAreas of(List<Area> areas, int tileSize) {
    return areas.isEmpty() ? NONE : new ProtectedAreas(areas, tileSize);
  }

  /** The area that protects (x, y), or null when a placement there is allowed. */
  public Area covering(int x, int y) {
    if (areas.isEmpty()) {
      return null;
    }
    List<Area> candidates = byTile.get(new TileId(x / tileSize, y / tileSize));
    if (candidates != null) {
      for (Area area : candidates) {
        if (area.region().contains(x, y)) {
          return area;
        }
      }
    }
    return null;
  }

  public List<Area> all() {
    return areas;
  }
}
