package dev.place.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.place.fanout.FanoutMain;
import dev.place.local.LocalCloud;
import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.canvas.TileId;
import dev.place.shared.resize.CanvasSizes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
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
 * two browser profiles), placing through the UI, live updates as binary batches, viewport
 * subscriptions, zoom and pan, the cooldown timer, a dropped connection, a network blip, links, and a
 * phone. The watcher always goes through API Gateway; the painter takes the page's default (the
 * edge when the server advertises one). Screenshots go to target/browser/.
 */
class WebClientBrowserIT {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
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
    open(painter, "/");
    open(watcher, "/?via=apigw");
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

  private static void open(ChromeDriver page, String path) {
    page.get(cloud.httpUrl() + path);
    new WebDriverWait(page, WAIT).until(d -> Boolean.TRUE.equals(
        page.executeScript("return !!(window.place && window.place.ready && window.place.state.online)")));
  }

  /**
   * Centres the page on (x, y) and waits until the server has confirmed the page's new area and the
   * tile is loaded: only then are the tile's updates on their way to the page.
   */
  private static void watch(ChromeDriver page, int x, int y, double zoom) {
    page.executeScript("place.view.centerOn(arguments[0], arguments[1], arguments[2])", x, y, zoom);
    String tile = tileKey(x, y);
    new WebDriverWait(page, WAIT).until(d -> Boolean.TRUE.equals(page.executeScript(
        "const s = place.subscription, t = place.sync.state(arguments[0]);"
            + "return place.sync.inArea(arguments[0]) && JSON.stringify(s.wanted) === JSON.stringify(s.sent)"
            + " && JSON.stringify(place.state.subscribed) === JSON.stringify(s.sent) && t.loaded && !t.loading", tile)));
  }

  /** The whole canvas, subscribed to every tile, every tile loaded. */
  private static void overview(ChromeDriver page) {
    page.findElement(By.id("zoom-fit")).click();
    new WebDriverWait(page, WAIT).until(d -> Boolean.TRUE.equals(page.executeScript(
        "return place.subscription.sent === 'all' && place.state.subscribed === 'all'"
            + " && [...place.sync.tiles.values()].every((t) => t.loaded && !t.loading)")));
  }

  private static String tileKey(int x, int y) {
    int size = cloud.config().tileSize();
    return (x / size) + ":" + (y / size);
  }

  @Test
  void aPixelPlacedInOnePageAppearsInTheOtherAndTheCooldownCountsDown() throws Exception {
    int x = 1300 + ThreadLocalRandom.current().nextInt(200);
    int y = 1300 + ThreadLocalRandom.current().nextInt(200);
    watch(watcher, x, y, 8);
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

    Browsers.screenshot(painter, "painter-after-placing");
    Browsers.screenshot(watcher, "watcher-sees-the-pixel");
  }

  @Test
  void aVisitorSignsInAtTheLocalProviderAndPlacesAsTheirAccountThenSignsOut() throws Exception {
    ChromeDriver visitor = Browsers.desktop();
    try {
      open(visitor, "/?via=apigw");
      assertThat(visitor.executeScript("return place.state.userId")).asString().startsWith("guest-");
      visitor.findElement(By.id("sign-in")).click();
      // The provider's login page (authorization code + PKCE), on its own origin.
      new WebDriverWait(visitor, WAIT).until(d -> visitor.getCurrentUrl().startsWith(cloud.config().identity().oidcIssuer()));
      WebElement name = visitor.findElement(By.id("username"));
      name.clear();
      name.sendKeys("browser-bea");
      visitor.findElement(By.id("sign-in")).click();
      new WebDriverWait(visitor, WAIT).until(d -> Boolean.TRUE.equals(visitor.executeScript(
          "return !!(window.place && place.ready && place.state.online && String(place.state.userId).startsWith('u-'))")));
      assertThat(visitor.getCurrentUrl()).as("the code is gone from the address bar").doesNotContain("code=");
      assertThat(visitor.findElement(By.id("who")).getText()).isEqualTo("signed in");
      assertThat(visitor.findElement(By.id("sign-in")).isDisplayed()).isFalse();
      Browsers.screenshot(visitor, "signed-in");
      Object account = visitor.executeScript("return place.state.userId");

      visitor.findElement(By.id("sign-out")).click();
      new WebDriverWait(visitor, WAIT).until(d -> Boolean.TRUE.equals(visitor.executeScript(
          "return !!(window.place && place.ready && place.state.online && String(place.state.userId).startsWith('guest-'))")));
      assertThat(visitor.executeScript("return place.state.userId")).isNotEqualTo(account);
    } finally {
      Browsers.quit(visitor);
    }
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
    Object selected = watcher.executeScript("return place.state.selected");
    new Actions(watcher).moveToElement(viewport, -100, -100).clickAndHold().moveByOffset(120, 70).release().perform();
    assertThat(number(watcher, "place.view.ox") - ox).as("drag pans x").isCloseTo(120, org.assertj.core.data.Offset.offset(2.0));
    assertThat(number(watcher, "place.view.oy") - oy).as("drag pans y").isCloseTo(70, org.assertj.core.data.Offset.offset(2.0));
    assertThat(watcher.executeScript("return place.state.selected")).as("a drag is not a click").isEqualTo(selected);

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
    // The button keeps the focus; the keys must still pan and zoom.
    assertThat(watcher.executeScript("return document.activeElement.id")).isEqualTo("zoom-in");
    double beforeFocusedKey = number(watcher, "place.view.ox");
    new Actions(watcher).sendKeys(Keys.ARROW_LEFT).perform();
    assertThat(number(watcher, "place.view.ox")).as("arrow key pans after a click on a zoom button").isGreaterThan(beforeFocusedKey);
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
    overview(watcher);
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
    assertThat(watcher.findElement(By.id("cooldown")).getText()).as("no 'Ready to place' while offline").startsWith("Offline");

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
  void aNetworkBlipThatTheSocketSurvivesLeavesThePageOnlineAndReadyToPlace() throws Exception {
    int x = 200 + rnd(50);
    int y = 1700 + rnd(50);
    watch(watcher, x, y, 10);
    watcher.findElement(By.id("viewport")).click(); // selects the pixel in the middle
    assertThat(watcher.findElement(By.id("cooldown")).getText()).isEqualTo("Pick a colour");
    watcher.findElement(By.cssSelector(".swatch[data-colour='9']")).click();
    String connectionId = (String) watcher.executeScript("return place.state.connectionId");

    // The events a short blip fires, without cutting the socket: the emulated offline network of
    // the reconnect test may close it, and this is about a socket that lives on.
    watcher.executeScript("window.dispatchEvent(new Event('offline')); window.dispatchEvent(new Event('online'))");
    Thread.sleep(6_000); // longer than the page waits for the pong of its check

    assertThat(watcher.executeScript("return place.state.connectionId")).as("the same socket").isEqualTo(connectionId);
    assertThat(watcher.findElement(By.id("status")).getText()).isEqualTo("connected");
    assertThat(watcher.findElement(By.id("cooldown")).getText()).isEqualTo("Ready to place");
    assertThat(watcher.findElement(By.id("place")).isEnabled()).as("the Place button").isTrue();
    try (TestClient other = TestClient.signIn(cloud.httpUrl(), cloud.webSocketUrl())) {
      assertThat(other.request("{\"action\":\"place\",\"x\":" + (x + 1) + ",\"y\":" + y + ",\"color\":11}")
          .path("type").asText()).isEqualTo("placed");
    }
    new WebDriverWait(watcher, WAIT).until(d -> colourAt(watcher, x + 1, y) == 11);
  }

  @Test
  void updatesReachAPageThroughApiGatewayAsBase64BinaryBatches() throws Exception {
    assertThat(watcher.executeScript("return [place.state.via, place.state.encoding]")).isEqualTo(List.of("apigw", "binary"));
    assertThat(watcher.findElement(By.id("via")).getText()).isEqualTo("via API Gateway · binary");
    int x = 900 + rnd(100);
    int y = 300 + rnd(100);
    watch(watcher, x, y, 6);
    long before = (Long) watcher.executeScript("return place.conn.stats.base64Frames");
    try (TestClient other = TestClient.signIn(cloud.httpUrl(), cloud.webSocketUrl())) {
      assertThat(other.request("{\"action\":\"place\",\"x\":" + x + ",\"y\":" + y + ",\"color\":12}").path("type").asText())
          .isEqualTo("placed");
    }
    new WebDriverWait(watcher, WAIT).until(d -> colourAt(watcher, x, y) == 12);
    assertThat((Long) watcher.executeScript("return place.conn.stats.base64Frames")).as("base64 text frames received").isGreaterThan(before);
    assertThat(watcher.executeScript("return place.conn.stats.badFrames")).isEqualTo(0L);
  }

  @Test
  void onTheEdgeUpdatesArriveAsBinaryFrames() throws Exception {
    JsonNode info = getJson(cloud.httpUrl() + "/api/v1/canvas/info");
    Assumptions.assumeTrue(info.hasNonNull("edgeUrl"),
        "edge test skipped: /api/v1/canvas/info advertises no edgeUrl (the local cloud runs no edge; PLACE_EDGE_URL)");
    open(painter, "/?via=edge");
    assertThat(painter.executeScript("return [place.state.via, place.state.encoding]")).isEqualTo(List.of("edge", "binary"));
    assertThat(painter.findElement(By.id("via")).getText()).isEqualTo("via edge · binary");
    int x = 100 + rnd(100);
    int y = 900 + rnd(100);
    watch(painter, x, y, 6);
    long before = (Long) painter.executeScript("return place.conn.stats.binaryFrames");
    try (TestClient other = TestClient.signIn(cloud.httpUrl(), cloud.webSocketUrl())) {
      assertThat(other.request("{\"action\":\"place\",\"x\":" + x + ",\"y\":" + y + ",\"color\":14}").path("type").asText())
          .isEqualTo("placed");
    }
    new WebDriverWait(painter, WAIT).until(d -> colourAt(painter, x, y) == 14);
    assertThat((Long) painter.executeScript("return place.conn.stats.binaryFrames")).as("binary frames received").isGreaterThan(before);
  }

  @Test
  void aSharedLinkOpensAtItsPixelAndTheAddressFollowsThePanning() throws Exception {
    // A query makes it a new page load, not a jump within the open page.
    open(painter, "/?shared#1234,567,8");
    assertThat(number(painter, "place.view.scale")).isEqualTo(8.0);
    assertThat(painter.executeScript("const r = document.getElementById('viewport').getBoundingClientRect();"
        + "return place.view.pixelAt(r.width / 2, r.height / 2)")).isEqualTo(Map.of("x", 1234L, "y", 567L));

    painter.findElement(By.id("viewport")).sendKeys(Keys.ARROW_RIGHT); // 60 screen px = 7.5 canvas px
    new WebDriverWait(painter, WAIT).until(d -> !"#1234,567,8".equals(painter.executeScript("return location.hash")));
    assertThat((String) painter.executeScript("return location.hash")).matches("#124[12],567,8");

    // A link pasted into the open page moves it there.
    painter.executeScript("location.hash = '#40,50,4'");
    new WebDriverWait(painter, WAIT).until(d -> number(painter, "place.view.scale") == 4.0);
    assertThat(painter.executeScript("const r = document.getElementById('viewport').getBoundingClientRect();"
        + "return place.view.pixelAt(r.width / 2, r.height / 2)")).isEqualTo(Map.of("x", 40L, "y", 50L));
  }

  @Test
  void aNewcomerOpensZoomedInOnTheBusiestTileAndCanAskForTheOverview() throws Exception {
    // Make sure some tile has been painted and published.
    int x = 1500 + rnd(100);
    int y = 200 + rnd(100);
    try (TestClient other = TestClient.signIn(cloud.httpUrl(), cloud.webSocketUrl())) {
      assertThat(other.request("{\"action\":\"place\",\"x\":" + x + ",\"y\":" + y + ",\"color\":5}").path("type").asText())
          .isEqualTo("placed");
    }
    String indexUrl = getJson(cloud.httpUrl() + "/api/v1/canvas/info").path("snapshotIndexUrl").asText();
    new WebDriverWait(watcher, WAIT).until(d -> getJson(indexUrl).path("tiles").has(tileKey(x, y)));

    open(painter, "/?newcomer");
    double scale = number(painter, "place.view.scale");
    assertThat(scale).as("zoomed in far enough to see single pixels").isGreaterThanOrEqualTo(2.0);
    @SuppressWarnings("unchecked")
    Map<String, Long> centre = (Map<String, Long>) painter.executeScript(
        "const r = document.getElementById('viewport').getBoundingClientRect();"
            + "return place.view.pixelAt(r.width / 2, r.height / 2)");
    JsonNode tiles = getJson(indexUrl).path("tiles");
    long busiest = 0;
    for (JsonNode seq : tiles) {
      busiest = Math.max(busiest, seq.asLong());
    }
    assertThat(tiles.path(tileKey(centre.get("x").intValue(), centre.get("y").intValue())).asLong())
        .as("the sequence of the tile in the middle of the screen, of the busiest %s", busiest).isEqualTo(busiest);
    assertThat(painter.executeScript("return place.subscription.sent")).as("only the tiles around the view").isInstanceOf(List.class);
    Browsers.screenshot(painter, "newcomer");

    overview(painter);
    assertThat(number(painter, "place.board.width * place.view.scale"))
        .as("the whole canvas on screen").isLessThanOrEqualTo(number(painter, "innerWidth"));
  }

  @Test
  void theFaviconIsServed() throws Exception {
    HttpResponse<byte[]> ico = HTTP.send(HttpRequest.newBuilder(URI.create(cloud.httpUrl() + "/favicon.ico")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(ico.statusCode()).isEqualTo(200);
    assertThat(ico.headers().firstValue("content-type")).hasValue("image/x-icon");
    String icon = (String) watcher.executeScript("return document.querySelector('link[rel=icon]').href");
    HttpResponse<byte[]> svg = HTTP.send(HttpRequest.newBuilder(URI.create(icon)).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(svg.statusCode()).isEqualTo(200);
    assertThat(svg.headers().firstValue("content-type")).hasValue("image/svg+xml");
  }

  @Test
  void onAPhoneATapSelectsAPixelAndAPinchZooms() throws Exception {
    ChromeDriver phone = Browsers.phone();
    try {
      open(phone, "/");
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
    overview(watcher);
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

  private static JsonNode getJson(String url) {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
      return TestClient.JSON.readTree(response.body());
    } catch (Exception e) {
      throw new IllegalStateException(url, e);
    }
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
