package dev.place.local.it;

import dev.place.local.LocalCloud;
import dev.place.local.LocalCloudSettings;
import java.nio.file.Path;
import java.util.Map;

/**
 * One local cloud per test JVM, on random ports, shared by every integration test that needs the
 * whole system, and stopped when the JVM exits.
 */
public final class SharedCloud {

  private static LocalCloud cloud;

  private SharedCloud() {}

  public static synchronized LocalCloud get() {
    if (cloud == null) {
      long start = System.nanoTime();
      // Every test client connects from 127.0.0.1; the per-address limit has its own test. The challenge
      // hook (off by default) is on after every 2 placements of a user: with the 300 s cooldown no other
      // test places twice as one user, and PlacementChallengeIT tests it on both paths.
      cloud = LocalCloud.start(LocalCloudSettings.ephemeral(Path.of("target", "it-cloud"),
          Map.of("PLACE_IP_LIMIT_PER_MINUTE", "1000000", "PLACE_CHALLENGE_EVERY_PLACEMENTS", "2")));
      System.out.printf("shared local cloud started in %d ms: %s%n", (System.nanoTime() - start) / 1_000_000,
          cloud.startupMillis());
      Runtime.getRuntime().addShutdownHook(new Thread(cloud::close, "shared-cloud-stop"));
    }
    return cloud;
  }
}
