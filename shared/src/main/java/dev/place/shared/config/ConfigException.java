package dev.place.shared.config;

/** A configuration variable is present but unusable; the message names the variable and the fix. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
