package dev.place.functions.rest;

/** One dependency check of {@code /api/v1/health}: returns normally when the dependency answers. */
@FunctionalInterface
interface HealthProbe {
  void check() throws Exception;
}
