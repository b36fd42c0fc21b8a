package dev.place.shared.moderation;

import java.util.ArrayList;
import java.util.List;

/** Protected areas in memory, with the store's limit and version (the Redis one has an IT). */
public final class InMemoryProtectedAreas implements ProtectedAreaStore {

  private final List<ProtectedAreas.Area> areas = new ArrayList<>();
  private long version;

  @Override
  public synchronized long version() {
    return version;
  }

  @Override
  public synchronized List<ProtectedAreas.Area> all() {
    return List.copyOf(areas);
  }

  @Override
  public synchronized boolean add(ProtectedAreas.Area area) {
    if (areas.size() >= MAX_AREAS) {
      return false;
    }
    areas.add(area);
    version++;
    return true;
  }

  @Override
  public synchronized ProtectedAreas.Area remove(String id) {
    for (ProtectedAreas.Area area : areas) {
      if (area.id().equals(id)) {
        areas.remove(area);
        version++;
        return area;
      }
    }
    return null;
  }
}
