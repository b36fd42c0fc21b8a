package dev.place.local;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The web client's directory ({@code web/} of the checkout), served as is: the client needs no build
 * step. Found from {@code -Dplace.home} or by walking up from the working directory, as the engine
 * launcher finds the checkout.
 */
final class WebRoot {

  static final String MARKER = "web/index.html";

  private WebRoot() {}

  static Path locate() {
    String home = System.getProperty("place.home");
    if (home != null && !home.isBlank() && Files.isRegularFile(Path.of(home).resolve(MARKER))) {
      return Path.of(home).resolve("web");
    }
    for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(MARKER))) {
        return dir.resolve("web");
      }
    }
    throw new IllegalStateException("cannot find " + MARKER + " at or above " + System.getProperty("user.dir")
        + "; run from the checkout or set -Dplace.home");
  }
}
