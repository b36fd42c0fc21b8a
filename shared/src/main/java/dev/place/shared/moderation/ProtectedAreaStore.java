package dev.place.shared.moderation;

import java.util.List;

/**
 * Where protected areas are kept (Redis in production: {@code dev.place.shared.redis.RedisProtectedAreas}),
 * with a version that moves at every change, so that each placing process can keep the areas in
 * memory and re-read them only when the version says they changed ({@link LiveProtectedAreas}).
 */
public interface ProtectedAreaStore {

  /** At most this many areas at once: every placement's check and every process's copy stay small. */
  int MAX_AREAS = 1000;

  /** Moves forward at every add and remove. */
  long version();

  List<ProtectedAreas.Area> all();

  /**
   * Stores the area under its id; false when {@link #MAX_AREAS} areas exist already (then nothing is
   * stored).
   */
  boolean add(ProtectedAreas.Area area);

  /** Unprotects the area; returns it, or null when no area has that id. */
  ProtectedAreas.Area remove(String id);
}
