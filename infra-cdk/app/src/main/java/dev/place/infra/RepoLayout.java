package dev.place.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the stack finds what the Maven build produced and the schema files the local cloud also
 * uses. Found by walking up from the working directory, so the app runs from {@code infra-cdk/app}
 * (cdk.json), from tests, or from the repository root alike.
 */
public record RepoLayout(Path root) {

  static final String SCHEMA_DIR = "shared/src/main/resources/schema";

  public static RepoLayout find() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve(SCHEMA_DIR)) && Files.isDirectory(p.resolve("infra-cdk"))) {
        return new RepoLayout(p);
      }
    }
    throw new IllegalStateException("not inside the place repository: " + dir);
  }

  /** lib/*.jar of every handler, built by infra-cdk/lambda-asset. */
  public Path lambdaAsset() {
    return built(root.resolve("infra-cdk/lambda-asset/target/lambda"));
  }

  /** The fanout image's Docker build context, built by infra-cdk/fanout-image. */
  public Path fanoutImageContext() {
    return built(root.resolve("infra-cdk/fanout-image/target/docker"));
  }

  /** The timelapse task image's Docker build context, built by infra-cdk/timelapse-image. */
  public Path timelapseImageContext() {
    return built(root.resolve("infra-cdk/timelapse-image/target/docker"));
  }

  public String historySchema() {
    return read(root.resolve(SCHEMA_DIR).resolve("history.cql"));
  }

  public String topicDefinition() {
    return read(root.resolve(SCHEMA_DIR).resolve("pixel-events.topic.properties"));
  }

  public String moderationTopicDefinition() {
    return read(root.resolve(SCHEMA_DIR).resolve("moderation-actions.topic.properties"));
  }

  private static Path built(Path path) {
    if (!Files.isDirectory(path)) {
      throw new IllegalStateException(path + " is missing: run `./mvnw -B package -DskipTests` at the repository root first");
    }
    return path;
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
