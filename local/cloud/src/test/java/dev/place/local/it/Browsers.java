package dev.place.local.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium driven by Debian's chromedriver. Both paths are given explicitly, so
 * Selenium never tries to download a browser or driver (this machine reaches no such site); the
 * flags keep Chromium from calling home, which a closed network refuses many times a second.
 */
final class Browsers {

  static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("PLACE_CHROMIUM", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("PLACE_CHROMEDRIVER", "/usr/bin/chromedriver"));
  static final Path ARTEFACTS = Path.of("target", "browser");

  private Browsers() {}

  static boolean installed() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  /** Skips the calling test, naming the reason, when the browser or its driver is not installed. */
  static void assumeInstalled() {
    Assumptions.assumeTrue(installed(),
        "browser tests skipped: " + CHROMIUM + " or " + CHROMEDRIVER
            + " is missing (apt-get install chromium chromium-driver; .ci/run does this)");
  }

  static ChromeDriver desktop() throws IOException {
    return start(1000, 800, null);
  }

  /** A phone: small screen, 3x pixels, touch events. */
  static ChromeDriver phone() throws IOException {
    return start(390, 844, Map.of(
        "deviceMetrics", Map.of("width", 390, "height", 844, "pixelRatio", 3.0, "touch", true, "mobile", true),
        "userAgent", "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Mobile Safari/537.36"));
  }

  private static ChromeDriver start(int width, int height, Map<String, Object> mobile) throws IOException {
    Path profile = Files.createTempDirectory("place-chromium-");
    profile.toFile().deleteOnExit();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
    if (mobile != null) {
      options.setExperimentalOption("mobileEmulation", mobile);
    }
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    return new ChromeDriver(service, options);
  }

  static Path screenshot(ChromeDriver driver, String name) throws IOException {
    Files.createDirectories(ARTEFACTS);
    File shot = driver.getScreenshotAs(OutputType.FILE);
    Path target = ARTEFACTS.resolve(name + ".png");
    Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return target;
  }

  static void quit(ChromeDriver driver) {
    if (driver != null) {
      driver.quit();
    }
  }

}
