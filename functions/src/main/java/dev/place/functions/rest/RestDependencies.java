package dev.place.functions.rest;

import dev.place.shared.config.PlaceConfig;
import dev.place.shared.redis.ConnectionRegistry;
import dev.place.shared.redis.RedisConnector;

/**
 * Clients of the REST functions' execution environment, created on first use and kept between
 * invocations. Each REST function is its own Lambda, so it opens only what it touches.
 */
final class RestDependencies {

  private static volatile RestDependencies instance;

  private final PlaceConfig config;
  private RedisConnector redis;
  private ConnectionRegistry registry;

  private RestDependencies(PlaceConfig config) {
    this.config = config;
  }

  static RestDependencies get() {
    RestDependencies d = instance;
    if (d == null) {
      synchronized (RestDependencies.class) {
        d = instance;
        if (d == null) {
          instance = d = new RestDependencies(PlaceConfig.fromEnvironment());
        }
      }
    }
    return d;
  }

  PlaceConfig config() {
    return config;
  }

  synchronized RedisConnector redis() {
    if (redis == null) {
      redis = new RedisConnector(config);
    }
    return redis;
  }

  synchronized ConnectionRegistry registry() {
    if (registry == null) {
      registry = new ConnectionRegistry(redis(), config.registryBuckets());
    }
    return registry;
  }
}
