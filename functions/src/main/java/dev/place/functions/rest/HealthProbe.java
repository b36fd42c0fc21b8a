package dev.place.functions.rest;

import java.util.Map;

/** One dependency check of {@code /api/v1/health}: returns normally when the dependency answers. */
@FunctionalInterface
interface HealthProbe {
  void check() throws Exception;

  /**
   * A probe that also reports numbers (e.g. the history writer's lag), shown beside its status. It
   * throws {@link Failed} to be "down" and still show what it measured.
   */
  @FunctionalInterface
  interface Reporting extends HealthProbe {
    Map<String, Object> report() throws Exception;

    @Override
    default void check() throws Exception {
      report();
    }
  }

  /** "Down", with what was measured on the way. */
  final class Failed extends Exception {
    private final Map<String, Object> details;

    Failed(String message, Map<String, Object> details) {
      super(message);
      this.details = Map.copyOf(details);
    }

    Map<String, Object> details() {
      return details;
    }
  }
}
