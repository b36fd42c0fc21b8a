package dev.place.local.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the checkout that holds the engine modules, whose build output the engine JVMs run from. */
final class ProjectRoot {

    static final String PROPERTY = "place.home";
    static final String MARKER = "local/kafka-engine/pom.xml";

    private ProjectRoot() {
    }

    /**
     * @param explicit     from {@link EngineSettings#projectRoot()}, wins if present
     * @param placeHome    value of system property {@code place.home}, may be null
     * @param userDir      where the upward search starts
     */
    static Path locate(Optional<Path> explicit, String placeHome, Path userDir) {
        if (explicit.isPresent()) {
            return requireMarker(explicit.get(), "EngineSettings.projectRoot");
        }
        if (placeHome != null && !placeHome.isBlank()) {
            return requireMarker(Path.of(placeHome), "-D" + PROPERTY);
        }
        for (Path dir = userDir.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(MARKER))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the place project root: no directory at or above " + userDir
                + " contains " + MARKER + ". Set EngineSettings.projectRoot(...) or -D" + PROPERTY + "=<checkout>.");
    }

    static Path locate(Optional<Path> explicit) {
        return locate(explicit, System.getProperty(PROPERTY), Path.of(System.getProperty("user.dir")));
    }

    private static Path requireMarker(Path root, String source) {
        Path normalized = root.toAbsolutePath().normalize();
        if (!Files.isRegularFile(normalized.resolve(MARKER))) {
            throw new IllegalStateException(source + " points to " + normalized + ", which has no " + MARKER
                    + "; it must be the root of the place checkout.");
        }
        return normalized;
    }
}
