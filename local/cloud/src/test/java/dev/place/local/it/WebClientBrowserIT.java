package dev.place.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.place.fanout.FanoutMain;
import dev.place.local.LocalCloud;
import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.canvas.TileId;
import dev.place.shared.resize.CanvasSizes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.WheelInput;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.apigatewaymanagementapi.ApiGatewayManagementApiAsyncClient;

/**
 * The web client in real headless Chromium against the shared local cloud: two pages (two guests,
 * two browser profiles), placing through the UI, live updates, zoom and pan, the cooldown timer, a
 * dropped connection, and a phone. Screenshots go to target/browser/.
 */
class WebClientBrowserIT {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static LocalCloud cloud;
  private static ChromeDriver painter;
  private static ChromeDriver watcher;

  @BeforeAll
  static void openTwoPages() throws Exception {
    if (!Browsers.installed()) {
      return; // each test then reports itself skipped, with the reason
    }
    cloud = SharedCloud.get();
    painter = Browsers.desktop();
    watcher = Browsers.desktop();
    open(painter);
    open(watcher);
  }

  @BeforeEach
  void needsABrowser() {
    Browsers.assumeInstalled();
  }

  @AfterAll
  static void close() {
    Browsers.quit(painter);
    Browsers.quit(watcher);
  }

  private static void open(ChromeDriver page) {
    page.get(cloud.httpUrl() + "/");
    new WebDriverWait(page, WAIT).until(d -> Boolean.TRUE.equals(
        page.executeScript("return !!(window.place && window.place.ready && window.place.state.online)")));
  }

  @Test
  void aPixelPlacedInOnePageAppearsInTheOtherAndTheCooldownCountsDown() throws Exception {
    int x = 1300 + ThreadLocalRandom.current().nextInt(200);
    int y = 1300 + ThreadLocalRandom.current().nextInt(200);
    painter.executeScript("place.view.centerOn(arguments[0], arguments[1], 20)", x, y);
    Thread.sleep(100); // one animation frame applies the transform
    painter.findElement(By.id("viewport")).click();
    assertThat(painter.executeScript("return place.state.selected")).isEqualTo(Map.of("x", (long) x, "y", (long) y));

    painter.findElement(By.cssSelector(".swatch[data-colour='13']")).click();
    WebElement place = painter.findElement(By.id("place"));
    assertThat(place.getText()).isEqualTo("Place at (" + x + ", " + y + ")");
    place.click();

    new WebDriverWait(painter, WAIT).until(d -> painter.findElement(By.id("message")).getText().startsWith("Placed at"));
    new WebDriverWait(watcher, WAIT).until(d -> colourAt(watcher, x, y) == 13);
    assertThat(colourAt(painter, x, y)).isEqualTo(13);

    String before = painter.findElement(By.id("cooldown")).getText();
    assertThat(before).matches("Next pixel in [0-9]+:[0-5][0-9]");
    Thread.sleep(1_200);
    String after = painter.findElement(By.id("cooldown")).getText();
    assertThat(after).matches("Next pixel in [0-9]+:[0-5][0-9]").isNotEqualTo(before);
    assertThat(painter.findElement(By.id("place")).isEnabled()).as("placing is disabled during the cooldown").isFalse();

    watcher.executeScript("place.view.centerOn(arguments[0], arguments[1], 8)", x, y);
    Browsers.screenshot(painter, "painter-after-placing");
    Browsers.screenshot(watcher, "watcher-sees-the-pixel");
  }

  @Test
  void wheelDragKeysAndButtonsZoomAndPan() throws Exception {
    WebElement viewport = watcher.findElement(By.id("viewport"));
    watcher.executeScript("place.view.set(1, 0, 0)");
    double scale = number(watcher, "place.view.scale");

    new Actions(watcher).scrollFromOrigin(WheelInput.ScrollOrigin.fromElement(viewport), 0, -300).perform();
    double zoomed = number(watcher, "place.view.scale");
    assertThat(zoomed).as("wheel up zooms in").isGreaterThan(scale * 1.3);

    double ox = number(watcher, "place.view.ox");
    double oy = number(watcher, "place.view.oy");
    new Actions(watcher).moveToElement(viewport, -100, -100).clickAndHold().moveByOffset(120, 70).release().perform();
    assertThat(number(watcher, "place.view.ox") - ox).as("drag pans x").isCloseTo(120, org.assertj.core.data.Offset.offset(2.0));
    assertThat(number(watcher, "place.view.oy") - oy).as("drag pans y").isCloseTo(70, org.assertj.core.data.Offset.offset(2.0));
    assertThat(watcher.executeScript("return place.state.selected")).as("a drag is not a click").isNull();

    watcher.executeScript("place.view.set(4, 0, 0)");
    Thread.sleep(100);
    new Actions(watcher).moveToElement(viewport, -300, -200).perform();
    double expectX = (number(watcher, "document.getElementById('viewport').clientWidth") / 2 - 300) / 4;
    double expectY = (number(watcher, "document.getElementById('viewport').clientHeight") / 2 - 200) / 4;
    String coords = watcher.findElement(By.id("coords")).getText();
    assertThat(coords).as("hover shows the pixel under the pointer").matches("\\(\\d+, \\d+\\)");
    String[] xy = coords.replaceAll("[() ]", "").split(",");
    assertThat(Double.parseDouble(xy[0])).isCloseTo(expectX, org.assertj.core.data.Offset.offset(1.0));
    assertThat(Double.parseDouble(xy[1])).isCloseTo(expectY, org.assertj.core.data.Offset.offset(1.0));

    double beforeKey = number(watcher, "place.view.ox");
    viewport.sendKeys(Keys.ARROW_LEFT);
    assertThat(number(watcher, "place.view.ox")).as("arrow key pans").isGreaterThan(beforeKey);

    double beforeButton = number(watcher, "place.view.scale");
    watcher.findElement(By.id("zoom-in")).click();
    assertThat(number(watcher, "place.view.scale")).as("+ button zooms in").isGreaterThan(beforeButton);
    watcher.findElement(By.id("zoom-out")).click();
    watcher.findElement(By.id("zoom-out")).click();
    assertThat(number(watcher, "place.view.scale")).as("- button zooms out").isLessThan(beforeButton);

    // The transform the user sees is the one the view computed.
    Thread.sleep(100); // one animation frame
    double shownWidth = number(watcher, "document.getElementById('board').getBoundingClientRect().width");
    assertThat(shownWidth).isCloseTo(number(watcher, "place.board.width * place.view.scale"), org.assertj.core.data.Offset.offset(0.5));
    watcher.executeScript("place.view.fit()");
  }

  @Test
  void afterANetworkDropThePageReconnectsAndMissesNoPixel() throws Exception {
    CanvasGeometry canvas = new CanvasGeometry(cloud.config().canvasWidth(), cloud.config().canvasHeight(),
        cloud.config().tileSize());
    String connectionId = (String) watcher.executeScript("return place.state.connectionId");
    assertThat(connectionId).isNotBlank();

    // The network goes away (new sockets fail) and the server side drops the socket.
    watcher.executeCdpCommand("Network.enable", Map.of());
    watcher.executeCdpCommand("Network.emulateNetworkConditions",
        Map.of("offline", true, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    try (ApiGatewayManagementApiAsyncClient api = FanoutMain.connectionsClient(cloud.config())) {
      api.deleteConnection(b -> b.connectionId(connectionId)).join();
    }
    new WebDriverWait(watcher, WAIT).until(d -> Boolean.FALSE.equals(watcher.executeScript("return place.state.online")));

    // Meanwhile others paint on two tiles, one of which gets nothing after the drop (so only the
    // resynchronisation, not a later update's gap, can reveal it).
    List<int[]> painted = new ArrayList<>();
    int[][] pixels = {{1600 + rnd(100), 600 + rnd(100)}, {1601 + rnd(100), 601 + rnd(100)}, {600 + rnd(100), 1600 + rnd(100)}};
    int colour = 2;
    for (int[] p : pixels) {
      try (TestClient other = TestClient.signIn(cloud.httpUrl(), cloud.webSocketUrl())) {
        JsonNode placed = other.request("{\"action\":\"place\",\"x\":" + p[0] + ",\"y\":" + p[1] + ",\"color\":" + colour + "}");
        assertThat(placed.path("type").asText()).isEqualTo("placed");
        painted.add(new int[] {p[0], p[1], colour});
        colour++;
      }
    }
    Thread.sleep(500);
    assertThat(watcher.executeScript("return place.state.online")).as("still disconnected while painting").isEqualTo(false);

    watcher.executeCdpCommand("Network.emulateNetworkConditions",
        Map.of("offline", false, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    new WebDriverWait(watcher, Duration.ofSeconds(30)).until(d -> Boolean.TRUE.equals(watcher.executeScript("return place.state.online")));
    assertThat(watcher.executeScript("return place.state.connectionId")).as("a new connection").isNotEqualTo(connectionId);

    for (int[] p : painted) {
      new WebDriverWait(watcher, WAIT).until(d -> colourAt(watcher, p[0], p[1]) == p[2]);
    }
    // Not only those pixels: the whole tiles equal Redis, byte for byte.
    try (Stores stores = new Stores(cloud.config())) {
      for (int[] p : painted) {
        TileId tile = canvas.tileOf(p[0], p[1]);
        byte[] redis = stores.canvasStore.snapshot(tile).pixels();
        byte[] shown = Base64.getDecoder().decode((String) watcher.executeScript("return place.board.tileU4(arguments[0])", tile.toString()));
        assertThat(shown).as("tile %s as shown vs Redis", tile).isEqualTo(redis);
      }
    }
    Browsers.screenshot(watcher, "watcher-after-reconnect");
  }

  @Test
  void onAPhoneATapSelectsAPixelAndAPinchZooms() throws Exception {
    ChromeDriver phone = Browsers.phone();
    try {
      open(phone);
      phone.executeScript("place.view.centerOn(1000, 1000, 4)");
      Thread.sleep(100);
      double scale = number(phone, "place.view.scale");
      // Two fingers 100 px apart move to 300 px apart around the same middle: 3x.
      touch(phone, "touchStart", List.of(point(145, 300, 0), point(245, 300, 1)));
      for (int step = 1; step <= 5; step++) {
        touch(phone, "touchMove", List.of(point(145 - 20 * step, 300, 0), point(245 + 20 * step, 300, 1)));
      }
      touch(phone, "touchEnd", List.of());
      assertThat(number(phone, "place.view.scale") / scale).as("pinch zoom").isCloseTo(3.0, org.assertj.core.data.Offset.offset(0.2));

      touch(phone, "touchStart", List.of(point(195, 300, 0)));
      touch(phone, "touchEnd", List.of());
      assertThat(phone.executeScript("return place.state.selected")).as("a tap selects a pixel").isNotNull();
      assertThat(phone.findElement(By.id("selected-coords")).getText()).startsWith("Selected (");
      Browsers.screenshot(phone, "phone");
    } finally {
      Browsers.quit(phone);
    }
  }

  @Test
  void theCanvasGrowsWhileThePageIsOpen() throws Exception {
    int height = cloud.config().canvasHeight();
    try (Stores stores = new Stores(cloud.config())) {
      try {
        new CanvasSizes(stores.redis).grow(cloud.config().canvasWidth(), height + 300);
        new WebDriverWait(watcher, WAIT).until(d -> number(watcher, "place.board.height") == height + 300);
        Thread.sleep(1_100); // placement's one-second view of the size
        int x = 700 + rnd(100);
        int y = height + 100 + rnd(100);
        try (TestClient other = TestClient.signIn(cloud.httpUrl(), cloud.webSocketUrl())) {
          assertThat(other.request("{\"action\":\"place\",\"x\":" + x + ",\"y\":" + y + ",\"color\":6}").path("type").asText())
              .isEqualTo("placed");
        }
        new WebDriverWait(watcher, WAIT).until(d -> colourAt(watcher, x, y) == 6);
        watcher.executeScript("place.view.fit()");
        Browsers.screenshot(watcher, "watcher-after-growth");
      } finally {
        stores.redis.sync().del(CanvasSizes.KEY);
        Thread.sleep(1_100);
      }
    }
  }

  private static Map<String, Object> point(int x, int y, int id) {
    return Map.of("x", x, "y", y, "id", id);
  }

  private static void touch(ChromeDriver page, String type, List<Map<String, Object>> points) {
    page.executeCdpCommand("Input.dispatchTouchEvent", Map.of("type", type, "touchPoints", points));
  }

  private static int rnd(int bound) {
    return ThreadLocalRandom.current().nextInt(bound);
  }

  private static long colourAt(ChromeDriver page, int x, int y) {
    return (Long) page.executeScript("return place.board.colourAt(arguments[0], arguments[1])", x, y);
  }

  private static double number(ChromeDriver page, String expression) {
    return ((Number) page.executeScript("return " + expression)).doubleValue();
  }
}
