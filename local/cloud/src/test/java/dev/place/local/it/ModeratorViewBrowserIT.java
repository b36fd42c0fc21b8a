package dev.place.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web moderator view in headless Chromium against the local cloud: a moderator's page shows the
 * panel and bans a user found in a pixel's history, protects and unprotects a rectangle chosen by two
 * corner pixels, and lists those actions from the audit log; a guest's page has no panel. (Rollbacks,
 * reverts and undo are built against the routes' contract; their routes are not served yet.)
 */
class ModeratorViewBrowserIT extends OnSharedCloud {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static ChromeDriver moderator;
  private static ChromeDriver guest;

  @BeforeAll
  static void openPages() throws Exception {
    if (!Browsers.installed()) {
      return;
    }
    moderator = Browsers.desktop();
    guest = Browsers.desktop();
    HttpResponse<String> session = HTTP.send(HttpRequest.newBuilder(URI("/api/v1/session"))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"idToken\":\"" + SignInIT.signInAtProvider("mod-vera", "moderators") + "\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(session.statusCode()).as(session.body()).isEqualTo(201);
    // The page keeps its session in localStorage (web/js/api.js): a signed-in moderator's page.
    moderator.get(cloud.httpUrl() + "/");
    moderator.executeScript("localStorage.setItem('place.session', arguments[0])", session.body());
    open(moderator);
    open(guest);
  }

  @BeforeEach
  void needsABrowser() {
    Browsers.assumeInstalled();
  }

  @AfterAll
  static void close() {
    Browsers.quit(moderator);
    Browsers.quit(guest);
  }

  private static java.net.URI URI(String path) {
    return java.net.URI.create(cloud.httpUrl() + path);
  }

  private static void open(ChromeDriver page) {
    page.get(cloud.httpUrl() + "/");
    new WebDriverWait(page, WAIT).until(d -> Boolean.TRUE.equals(
        page.executeScript("return !!(window.place && window.place.ready && window.place.state.online)")));
  }

  private static void select(ChromeDriver page, int x, int y) throws InterruptedException {
    page.executeScript("place.view.centerOn(arguments[0], arguments[1], 20)", x, y);
    Thread.sleep(100); // one animation frame applies the transform
    page.findElement(By.id("viewport")).click();
    assertThat(page.executeScript("return place.state.selected")).isEqualTo(Map.of("x", (long) x, "y", (long) y));
  }

  private static String text(String id) {
    return moderator.findElement(By.id(id)).getText();
  }

  @Test
  void aGuestsPageHasNoModeratorPanel() {
    assertThat(guest.findElement(By.id("mod-panel")).isDisplayed()).isFalse();
    assertThat(guest.executeScript("return place.mod === undefined")).isEqualTo(true);
  }

  @Test
  void aModeratorBansAUserFoundInAPixelsHistoryAndTheAuditLogListsIt() throws Exception {
    int x = 100 + ThreadLocalRandom.current().nextInt(800);
    int y = 1700 + ThreadLocalRandom.current().nextInt(200);
    String griefer;
    try (TestClient placer = TestClient.signIn(cloud.httpUrl(), cloud.webSocketUrl())) {
      griefer = placer.userId;
      JsonNode placed = placer.request("{\"action\":\"place\",\"x\":" + x + ",\"y\":" + y + ",\"color\":5}");
      assertThat(placed.path("type").asText()).as(placed.toString()).isEqualTo("placed");
    }
    new WebDriverWait(moderator, WAIT).until(d -> moderator.findElement(By.id("mod-panel")).isDisplayed());

    // History is written from the event stream a moment after the placement: select again until it shows.
    new WebDriverWait(moderator, WAIT).until(d -> {
      try {
        select(moderator, x, y);
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return text("history-list").contains(griefer) && !moderator.findElements(By.cssSelector(".mod-history-ban")).isEmpty();
    });
    moderator.findElement(By.cssSelector(".mod-history-ban")).click();
    assertThat(moderator.findElement(By.id("mod-ban-user")).getAttribute("value")).isEqualTo(griefer);
    moderator.findElement(By.id("mod-ban-reason")).sendKeys("griefing");
    moderator.findElement(By.id("mod-ban-hours")).sendKeys("1");
    moderator.findElement(By.id("mod-ban")).click();

    new WebDriverWait(moderator, WAIT).until(d -> text("mod-message").startsWith("banned " + griefer + " until "));
    HttpResponse<String> ticket = HTTP.send(HttpRequest.newBuilder(URI("/api/v1/mod/bans/" + griefer))
        .header("authorization", "Bearer " + moderatorToken()).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(ticket.statusCode()).as("the ban is in force: " + ticket.body()).isEqualTo(200);

    moderator.findElement(By.id("mod-audit-refresh")).click();
    new WebDriverWait(moderator, WAIT).until(d -> text("mod-audit").contains("ban " + griefer));
    assertThat(text("mod-audit")).contains("ban " + griefer + " by ").contains(": griefing");
  }

  @Test
  void aModeratorProtectsARectangleChosenByTwoCornersAndUnprotectsIt() throws Exception {
    int x = 100 + ThreadLocalRandom.current().nextInt(800);
    int y = 1500 + ThreadLocalRandom.current().nextInt(150);
    new WebDriverWait(moderator, WAIT).until(d -> moderator.findElement(By.id("mod-panel")).isDisplayed());
    select(moderator, x + 2, y + 1);
    moderator.findElement(By.id("mod-corner-1")).click();
    select(moderator, x, y);
    moderator.findElement(By.id("mod-corner-2")).click();
    assertThat(text("mod-rect")).isEqualTo("(" + x + ", " + y + ") 3x2");

    moderator.findElement(By.id("mod-protect-reason")).sendKeys("memorial");
    moderator.findElement(By.id("mod-protect")).click();
    new WebDriverWait(moderator, WAIT).until(d -> text("mod-message").startsWith("protected area-"));
    String areaId = text("mod-message").substring("protected ".length());
    By listed = By.cssSelector("#mod-areas li[data-area-id='" + areaId + "']");
    new WebDriverWait(moderator, WAIT).until(d -> !moderator.findElements(listed).isEmpty());
    assertThat(moderator.findElement(listed).getText()).contains("(" + x + "," + y + " 3x2) memorial");

    moderator.findElement(listed).findElement(By.cssSelector(".mod-unprotect")).click();
    new WebDriverWait(moderator, WAIT).until(d -> moderator.findElements(listed).isEmpty());
    moderator.findElement(By.id("mod-audit-refresh")).click();
    new WebDriverWait(moderator, WAIT).until(d -> text("mod-audit").contains("unprotect " + areaId));
    assertThat(text("mod-audit")).contains("protect " + areaId + " (" + x + "," + y + " 3x2)");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aModeratorDragsARectangleOnTheCanvasAndProtectsExactlyThatRectangle() throws Exception {
    int cx = 200 + ThreadLocalRandom.current().nextInt(1500);
    int cy = 1700 + ThreadLocalRandom.current().nextInt(200);
    new WebDriverWait(moderator, WAIT).until(d -> moderator.findElement(By.id("mod-panel")).isDisplayed());
    moderator.executeScript("place.view.centerOn(arguments[0], arguments[1], 10)", cx, cy);
    Thread.sleep(100); // one animation frame applies the transform
    double ox = ((Number) moderator.executeScript("return place.view.ox")).doubleValue();
    org.openqa.selenium.WebElement viewport = moderator.findElement(By.id("viewport"));
    moderator.findElement(By.id("mod-drag")).click();
    new org.openqa.selenium.interactions.Actions(moderator).moveToElement(viewport, -95, -55).clickAndHold()
        .moveByOffset(30, 20).moveByOffset(30, 20).release().perform();

    Map<String, Long> rect = (Map<String, Long>) moderator.executeScript(
        "const r = document.getElementById('mod-rect').textContent.match(/\\((\\d+), (\\d+)\\) (\\d+)x(\\d+)/);"
            + "return r && { x: Number(r[1]), y: Number(r[2]), w: Number(r[3]), h: Number(r[4]) }");
    assertThat(rect).as(text("mod-rect")).isNotNull();
    assertThat(rect.get("w")).as("60 screen pixels at zoom 10").isBetween(6L, 7L);
    assertThat(rect.get("h")).as("40 screen pixels at zoom 10").isBetween(4L, 5L);
    assertThat(((Number) moderator.executeScript("return place.view.ox")).doubleValue()).as("the drag did not pan").isEqualTo(ox);
    assertThat(moderator.findElement(By.id("area-box")).isDisplayed()).as("the rectangle is outlined").isTrue();
    assertThat(moderator.executeScript("return place.view.areaPick")).as("one drag, then dragging pans again").isNull();

    moderator.findElement(By.id("mod-protect-reason")).clear();
    moderator.findElement(By.id("mod-protect-reason")).sendKeys("drawn by hand");
    moderator.findElement(By.id("mod-protect")).click();
    new WebDriverWait(moderator, WAIT).until(d -> text("mod-message").startsWith("protected area-"));
    String areaId = text("mod-message").substring("protected ".length());
    HttpResponse<String> areas = HTTP.send(HttpRequest.newBuilder(URI("/api/v1/mod/protected-areas"))
        .header("authorization", "Bearer " + moderatorToken()).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode area = null;
    for (JsonNode a : TestClient.JSON.readTree(areas.body()).get("areas")) {
      if (a.get("id").asText().equals(areaId)) {
        area = a;
      }
    }
    assertThat(area).as("the server has the area").isNotNull();
    assertThat(java.util.List.of(area.get("x").asLong(), area.get("y").asLong(), area.get("w").asLong(), area.get("h").asLong()))
        .isEqualTo(java.util.List.of(rect.get("x"), rect.get("y"), rect.get("w"), rect.get("h")));
    Browsers.screenshot(moderator, "moderator-dragged-a-rectangle");
    By listed = By.cssSelector("#mod-areas li[data-area-id='" + areaId + "']");
    new WebDriverWait(moderator, WAIT).until(d -> !moderator.findElements(listed).isEmpty());
    moderator.findElement(listed).findElement(By.cssSelector(".mod-unprotect")).click();
    new WebDriverWait(moderator, WAIT).until(d -> moderator.findElements(listed).isEmpty());
    moderator.findElement(By.id("mod-protect-reason")).clear(); // the page is shared with the other tests
  }

  private static String moderatorToken() {
    return (String) moderator.executeScript("return JSON.parse(localStorage.getItem('place.session')).token");
  }
}
