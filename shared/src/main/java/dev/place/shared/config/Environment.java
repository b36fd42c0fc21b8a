package dev.place.shared.config;

import java.util.Map;
import java.util.Objects;

/**
 * Where configuration variables come from. In AWS that is the process environment that Lambda or
 * ECS sets. The local cloud runs handlers in its own JVM, where the environment cannot be changed,
 * so it installs the variables it would have configured on the function instead.
 */
public final class Environment {

  private static volatile Map<String, String> installed = Map.of();

  private Environment() {}

  /** The variable's value, or {@code null} when unset. Installed values win over the process's. */
  public static String get(String name) {
    String value = installed.get(name);
    return value != null ? value : System.getenv(name);
  }

  /** Used by the local cloud only, the way Lambda applies a function's environment. */
  public static void install(Map<String, String> variables) {
    installed = Map.copyOf(Objects.requireNonNull(variables));
  }
}
