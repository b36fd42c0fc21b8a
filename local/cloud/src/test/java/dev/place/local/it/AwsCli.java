package dev.place.local.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The official {@code aws} CLI as the compatibility tests run it: dummy credentials, no profile, no
 * pager, nothing from the developer's own configuration (which could name a real endpoint).
 */
public final class AwsCli {

  public record Result(int exitCode, String output) {}

  private AwsCli() {}

  /** {@code aws-cli/1.x ...} or {@code aws-cli/2.x ...}; empty when the CLI is not on PATH. */
  public static Optional<String> version() {
    try {
      Process process = new ProcessBuilder("aws", "--version").redirectErrorStream(true).start();
      String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 ? Optional.of(version) : Optional.empty();
    } catch (IOException notInstalled) {
      return Optional.empty();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** CLI v2 reads blob arguments as base64 unless told otherwise; v1 always passes them raw. */
  public static List<String> withRawBlobs(String version, List<String> command) {
    List<String> all = new ArrayList<>(command);
    if (version.startsWith("aws-cli/2")) {
      all.addAll(List.of("--cli-binary-format", "raw-in-base64-out"));
    }
    return all;
  }

  public static Result run(List<String> command) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.put("AWS_ACCESS_KEY_ID", "AKIDLOCALTEST");
    environment.put("AWS_SECRET_ACCESS_KEY", "local-secret");
    environment.put("AWS_REGION", "us-east-1");
    environment.put("AWS_DEFAULT_REGION", "us-east-1");
    environment.put("AWS_EC2_METADATA_DISABLED", "true");
    environment.put("AWS_PAGER", "");
    environment.put("AWS_CONFIG_FILE", "/dev/null");
    environment.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    environment.remove("AWS_PROFILE");
    environment.remove("AWS_SESSION_TOKEN");
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("aws CLI did not finish within 60 s");
    }
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
