package dev.place.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.place.shared.canvas.TileId;
import dev.place.shared.kafka.KafkaEventPublisher;
import dev.place.shared.placement.CanvasStore;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Reverts of a user, with and without a moment, combined with a ban, an unban and undos, end to end
 * on real engines through the emulated HTTP API (docs/moderation.md, The one rule): every pixel ends
 * exactly as the algebra says, a placement made after an action's moment stays, previews count what
 * the apply changes and write nothing; after every action watchers on both delivery paths see the
 * Redis tile, the pixel's history lists the restore with the action's id, the history's canvas is
 * the Redis canvas, and the audit log counts the pixels changed. Users, guests and strangers are refused.
 */
class RevertIT extends ModerationCalls {

  // Tile (2, 2): no other test places there. One row of pixels per test, from X0.
  private static final int X0 = 530;
  private static final int Y0 = 530;
  // A revert reads every placement of its user anywhere on the canvas: the users are this run's own.
  private static final String RUN = Long.toString(System.currentTimeMillis() % 2_000_000_000L, 36);

  private static String user(String name) {
    return "it-rev-" + name + "-" + RUN;
  }

  /**
   * Places on one row as the placement path does, and remembers what it placed so that a test can
   * wait until history holds all of it before it starts an action ({@link #awaitHistory}).
   */
  private static final class Painter implements AutoCloseable {
    final KafkaEventPublisher log = new KafkaEventPublisher(cloud.config());
    final int y;
    final Map<Integer, Integer> layers = new TreeMap<>();
    final Map<String, Integer> byUser = new TreeMap<>();

    Painter(int y) {
      this.y = y;
    }

    /** Paints pixel {@code i} of the row with the layers given as user, colour, user, colour, ..., oldest first. */
    void paint(int i, Object... userColour) {
      for (int l = 0; l < userColour.length; l += 2) {
        place((String) userColour[l], i, (Integer) userColour[l + 1]);
      }
    }

    void place(String user, int i, int colour) {
      ModerationCalls.place(log, user, X0 + i, y, colour);
      layers.merge(i, 1, Integer::sum);
      byUser.merge(user, 1, Integer::sum);
    }

    /**
     * Waits until history holds every placement made here (pixel and user rows) and, for each pixel,
     * its last write (a restore, too). The server waits for history itself before it plans, but that
     * wait can end while rows of the history writer's last batch are still being written (see
     * aRevertStartedRightAfterABurstOfPlacementsVoidsEveryOneOfThem): the algebra tests do not race it.
     */
    void awaitHistory() throws Exception {
      TileId tile = stores.canvas.tileOf(X0, y);
      for (var e : layers.entrySet()) {
        int x = X0 + e.getKey();
        long lastWrite = stores.canvasStore.lastWrite(tile, stores.canvas.indexInTile(x, y));
        Poll.until(() -> getJson("/api/v1/pixel?x=" + x + "&y=" + y + "&limit=100").get("placements"), placements -> {
          int users = 0;
          for (JsonNode p : placements) {
            users += p.has("moderation") ? 0 : 1;
          }
          return users == e.getValue() && placements.path(0).path("seq").asLong() == lastWrite;
        }, WAIT);
      }
      for (var e : byUser.entrySet()) {
        Poll.until(() -> getJson("/api/v1/user/" + e.getKey() + "/placements?limit=500").get("placements"),
            placements -> placements.size() == e.getValue(), WAIT);
      }
    }

    @Override
    public void close() {
      log.close();
    }
  }

  private static JsonNode getJson(String path) {
    try {
      HttpResponse<String> r = call("GET", path, null, null);
      assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
      return TestClient.JSON.readTree(r.body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String revert(String userId, Long since) {
    return "{\"userId\":\"" + userId + "\"" + (since == null ? "" : ",\"since\":" + since) + ",\"reason\":\"griefing\"}";
  }

  /** A watcher on each delivery path (API Gateway in JSON, the edge in binary) and the tile as it was when both watched. */
  private static final class Watchers implements AutoCloseable {
    final TileId tile = stores.canvas.tileOf(X0, Y0);
    final RunWatcher gateway;
    final RunWatcher edge;
    final CanvasStore.TileSnapshot before;

    Watchers() throws Exception {
      String token = TestClient.newSession(http).token();
      gateway = new RunWatcher(ws, token, stores.canvas.tileSize());
      edge = new RunWatcher(cloud.edgeUrl(), token, stores.canvas.tileSize());
      gateway.request("{\"action\":\"hello\"}");
      edge.request("{\"action\":\"hello\",\"encoding\":\"binary\"}");
      Thread.sleep(300); // subscriptions apply from the next interval on
      before = stores.canvasStore.snapshot(tile);
    }

    void seeRedis() throws Exception {
      assertWatcherSeesRedis(gateway, tile, before);
      assertWatcherSeesRedis(edge, tile, before);
    }

    @Override
    public void close() {
      gateway.close();
      edge.close();
    }
  }

  /**
   * Waits for the action to be done and checks it: the row shows {@code expected}; the watchers see
   * Redis; pixel {@code restored} of the row has the action's restore as its newest history entry;
   * the audit entry counts the pixels the status counts; the history's canvas of the row is Redis's.
   */
  private static JsonNode checkDone(String moderator, String id, Watchers watchers, int y, List<Integer> expected, int restored)
      throws Exception {
    JsonNode done = awaitDone(moderator, id);
    assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("done");
    assertThat(row(X0, y, expected.size())).as("the row after %s %s", done.get("kind").asText(), id).isEqualTo(expected);
    watchers.seeRedis();
    JsonNode restore = awaitRestoreInHistory(X0 + restored, y, id);
    assertThat(restore.get("userId").asText()).isEqualTo("moderation");
    assertThat(restore.get("color").asInt()).isEqualTo(expected.get(restored));
    JsonNode audit = awaitAuditEntry(moderator, id);
    assertThat(audit.get("action").asText()).isEqualTo(done.get("kind").asText());
    assertThat(audit.get("pixelsChanged").asInt()).isEqualTo(done.get("pixelsChanged").asInt());
    awaitHistoryCanvasIsRedis(X0, y, expected.size());
    return done;
  }

  private static JsonNode preview(String moderator, String body) throws Exception {
    HttpResponse<String> preview = call("POST", "/api/v1/mod/previews", moderator, body);
    assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
    return TestClient.JSON.readTree(preview.body());
  }

  private static void assertUnchanged(TileId tile, CanvasStore.TileSnapshot before, String what) {
    CanvasStore.TileSnapshot now = stores.canvasStore.snapshot(tile);
    assertThat(now.seq()).as(what + " writes no event").isEqualTo(before.seq());
    assertThat(now.pixels()).as(what + " changes no pixel").isEqualTo(before.pixels());
  }

  @Test
  void aRevertShowsOnEachPixelTheNewestPlacementBySomeoneElseAndKeepsWhatWasPlacedAfterItsMoment() throws Exception {
    String moderator = signIn("mod-rita", "moderators");
    String a = user("ann");
    String b = user("bob");
    String c = user("cat");
    int y = Y0;
    try (Painter painter = new Painter(y); Watchers watchers = new Watchers()) {
      painter.paint(0, b, 3, a, 1);
      painter.paint(1, b, 3, c, 4, a, 1, a, 2); // A over A over C over B
      painter.paint(2, a, 1, a, 2); // only A ever placed here
      painter.paint(3, a, 1, b, 3, a, 2);
      painter.paint(4, c, 4, a, 1); // C places again after the revert's moment
      painter.paint(5, b, 3, a, 1); // A places again after the revert's moment
      painter.paint(6, b, 3); // A never came here
      painter.paint(7, a, 2, c, 5); // A's placement is buried already
      assertThat(row(X0, y, 8)).containsExactly(1, 2, 2, 2, 1, 1, 3, 5);

      painter.awaitHistory();
      CanvasStore.TileSnapshot griefed = stores.canvasStore.snapshot(watchers.tile);
      JsonNode preview = preview(moderator, "{\"action\":\"revert\",\"userId\":\"" + a + "\"}");
      assertThat(preview.get("pixelsChanged").asInt()).as(preview.toString()).isEqualTo(6);
      assertThat(preview.get("region").toString()).isEqualTo("{\"x\":" + X0 + ",\"y\":" + y + ",\"w\":6,\"h\":1}");
      assertThat(pngColours(Base64.getDecoder().decode(preview.get("before").asText()))).containsExactly(1, 2, 2, 2, 1, 1);
      assertThat(pngColours(Base64.getDecoder().decode(preview.get("after").asText()))).containsExactly(3, 4, 0, 3, 4, 3);
      assertUnchanged(watchers.tile, griefed, "a preview");

      String id = start(moderator, "/api/v1/mod/reverts", revert(a, null));
      Thread.sleep(20);
      // After the action's moment, while it waits for history: these stay whichever write lands first.
      painter.place(c, 4, 6);
      painter.place(a, 5, 7);
      JsonNode done = checkDone(moderator, id, watchers, y, List.of(3, 4, 0, 3, 6, 7, 3, 5), 0);
      assertThat(done.get("pixelsChanged").asInt()).as("pixels 0 to 3; 4 and 5 only if a restore landed before the late placement")
          .isBetween(4, 6);
      assertThat(awaitRestoreInHistory(X0 + 2, y, id).get("color").asInt()).as("a pixel only A placed on is background again")
          .isZero();
      assertThat(done.get("parameters").get("userId").asText()).isEqualTo(a);
    }
  }

  @Test
  void aRevertSinceAMomentVoidsOnlyTheUsersPlacementsSinceThenAndItsPreviewCountsWhatItChanges() throws Exception {
    String moderator = signIn("mod-rita", "moderators");
    String a = user("amy");
    String b = user("ben");
    String c = user("cid");
    int y = Y0 + 10;
    try (Painter painter = new Painter(y); Watchers watchers = new Watchers()) {
      painter.paint(0, a, 1);
      painter.paint(1, b, 3);
      painter.paint(2, a, 1);
      painter.paint(4, b, 3, a, 1);
      Thread.sleep(20);
      long since = System.currentTimeMillis();
      Thread.sleep(20);
      painter.paint(0, a, 2);
      painter.paint(1, a, 2);
      painter.paint(3, a, 2);
      painter.paint(4, c, 4, a, 2);
      assertThat(row(X0, y, 5)).containsExactly(2, 2, 1, 2, 2);

      painter.awaitHistory();
      CanvasStore.TileSnapshot griefed = stores.canvasStore.snapshot(watchers.tile);
      JsonNode preview = preview(moderator, "{\"action\":\"revert\",\"userId\":\"" + a + "\",\"since\":" + since + "}");
      assertThat(preview.get("pixelsChanged").asInt()).as(preview.toString()).isEqualTo(4);
      assertUnchanged(watchers.tile, griefed, "a preview");

      String id = start(moderator, "/api/v1/mod/reverts", revert(a, since));
      // A's placements before `since` stay (0 and 2), B's and C's come back, a pixel A first placed on since is background.
      JsonNode done = checkDone(moderator, id, watchers, y, List.of(1, 3, 1, 0, 4), 1);
      assertThat(done.get("pixelsChanged").asInt()).as("what the preview counted").isEqualTo(preview.get("pixelsChanged").asInt());
    }
  }

  @Test
  void banRevertAndUnbanBringNothingBackTheUndoBringsTheUsersPixelsBackOnlyWhereNobodyPlacedSinceAndItsUndoRevertsAgain()
      throws Exception {
    String moderator = signIn("mod-rita", "moderators");
    String name = "rev-ann-" + RUN;
    String a = session(name, "").get("userId").asText();
    String b = user("bea");
    String c = user("cy");
    int y = Y0 + 20;
    try (Painter painter = new Painter(y); Watchers watchers = new Watchers()) {
      painter.paint(0, b, 3, a, 1);
      painter.paint(1, a, 1);
      painter.paint(2, b, 3, a, 1); // C places here after the revert
      painter.paint(3, a, 2, a, 1);
      painter.paint(4, a, 1); // B places here after the revert
      painter.paint(5, b, 3, a, 1); // A places here again after the unban
      List<Integer> griefed = List.of(1, 1, 1, 1, 1, 1);
      assertThat(row(X0, y, 6)).isEqualTo(griefed);

      HttpResponse<String> ban = call("POST", "/api/v1/mod/bans", moderator,
          "{\"userId\":\"" + a + "\",\"reason\":\"griefing\",\"expiresAt\":" + (System.currentTimeMillis() + 3_600_000) + "}");
      assertThat(ban.statusCode()).as(ban.body()).isEqualTo(201);
      assertThat(row(X0, y, 6)).as("a ban changes no pixel").isEqualTo(griefed);
      HttpResponse<String> refused = call("POST", "/api/v1/session", null,
          "{\"idToken\":\"" + SignInIT.signInAtProvider(name, "") + "\"}");
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
      assertThat(TestClient.JSON.readTree(refused.body()).get("code").asText()).isEqualTo("USER_BANNED");

      painter.awaitHistory();
      String reverted = start(moderator, "/api/v1/mod/reverts", revert(a, null));
      JsonNode revert = checkDone(moderator, reverted, watchers, y, List.of(3, 0, 3, 0, 0, 3), 0);
      assertThat(revert.get("pixelsChanged").asInt()).isEqualTo(6);
      painter.place(c, 2, 5);
      painter.place(b, 4, 6);

      HttpResponse<String> unban = call("DELETE", "/api/v1/mod/bans/" + a, moderator, "{\"reason\":\"appeal granted\"}");
      assertThat(unban.statusCode()).as(unban.body()).isEqualTo(200);
      assertThat(row(X0, y, 6)).as("an unban resurrects nothing").containsExactly(3, 0, 5, 0, 6, 3);
      watchers.seeRedis();
      session(name, ""); // A may sign in again, and places again
      painter.place(a, 5, 7);

      painter.awaitHistory();
      String undo = start(moderator, "/api/v1/mod/actions/" + reverted + "/undo", "{\"reason\":\"wrong user\"}");
      JsonNode undone = checkDone(moderator, undo, watchers, y, List.of(1, 1, 5, 1, 6, 7), 0);
      assertThat(undone.get("pixelsChanged").asInt()).as("only where nobody placed since the revert").isEqualTo(3);
      assertThat(action(moderator, reverted).get("undoneBy").asText()).isEqualTo(undo);
      HttpResponse<String> again = call("POST", "/api/v1/mod/actions/" + reverted + "/undo", moderator, "{\"reason\":\"twice\"}");
      assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
      assertThat(TestClient.JSON.readTree(again.body()).get("code").asText()).isEqualTo("ALREADY_UNDONE");

      painter.awaitHistory();
      String redo = start(moderator, "/api/v1/mod/actions/" + undo + "/undo", "{\"reason\":\"right user after all\"}");
      JsonNode redone = checkDone(moderator, redo, watchers, y, List.of(3, 0, 5, 0, 6, 7), 0);
      assertThat(redone.get("pixelsChanged").asInt()).isEqualTo(3);
      assertThat(action(moderator, undo).get("undoneBy").asText()).isEqualTo(redo);
      assertLogReplayIsRedis(watchers.tile);
    }
  }

  @Test
  void twoRevertsOnTheSamePixelsStackAndUndoingEitherLiftsExactlyItsOwnVoids() throws Exception {
    String moderator = signIn("mod-rita", "moderators");
    String a = user("abe");
    String b = user("bo");
    String c = user("cal");
    int y = Y0 + 30;
    try (Painter painter = new Painter(y); Watchers watchers = new Watchers()) {
      painter.paint(0, c, 3, a, 1, b, 2);
      painter.paint(1, c, 3, b, 2, a, 1);
      painter.paint(2, a, 1, b, 2);
      painter.paint(3, b, 2, a, 1, a, 4);
      painter.paint(4, b, 2);
      painter.paint(5, a, 1);
      List<Integer> griefed = List.of(2, 1, 2, 4, 2, 1);
      assertThat(row(X0, y, 6)).isEqualTo(griefed);

      painter.awaitHistory();
      assertThat(preview(moderator, "{\"action\":\"revert\",\"userId\":\"" + a + "\"}").get("pixelsChanged").asInt()).isEqualTo(3);
      String revertA = start(moderator, "/api/v1/mod/reverts", revert(a, null));
      assertThat(checkDone(moderator, revertA, watchers, y, List.of(2, 2, 2, 2, 2, 0), 1).get("pixelsChanged").asInt())
          .isEqualTo(3);

      painter.awaitHistory();
      CanvasStore.TileSnapshot afterA = stores.canvasStore.snapshot(watchers.tile);
      JsonNode previewB = preview(moderator, "{\"action\":\"revert\",\"userId\":\"" + b + "\"}");
      assertThat(previewB.get("pixelsChanged").asInt()).isEqualTo(5);
      assertThat(pngColours(Base64.getDecoder().decode(previewB.get("after").asText())))
          .as("the preview applies after the revert of A: neither A's nor B's placements show").containsExactly(3, 3, 0, 0, 0);
      assertUnchanged(watchers.tile, afterA, "a preview");
      String revertB = start(moderator, "/api/v1/mod/reverts", revert(b, null));
      assertThat(checkDone(moderator, revertB, watchers, y, List.of(3, 3, 0, 0, 0, 0), 0).get("pixelsChanged").asInt())
          .isEqualTo(previewB.get("pixelsChanged").asInt());

      // Undoing the older revert while the newer one stands: A's placements show again, B's stay voided.
      painter.awaitHistory();
      String undoA = start(moderator, "/api/v1/mod/actions/" + revertA + "/undo", "{\"reason\":\"A was fine\"}");
      assertThat(checkDone(moderator, undoA, watchers, y, List.of(1, 1, 1, 4, 0, 1), 0).get("pixelsChanged").asInt())
          .isEqualTo(5);
      painter.awaitHistory();
      String undoB = start(moderator, "/api/v1/mod/actions/" + revertB + "/undo", "{\"reason\":\"B too\"}");
      assertThat(checkDone(moderator, undoB, watchers, y, griefed, 0).get("pixelsChanged").asInt()).isEqualTo(3);
    }
  }

  @Test
  void aRevertStartedRightAfterABurstOfPlacementsVoidsEveryOneOfThem() throws Exception {
    String moderator = signIn("mod-rita", "moderators");
    String a = user("ace");
    int y0 = Y0 + 50;
    // A alone paints 20 x 20 pixels and the revert starts at once: the server's own wait for history is all there is.
    try (KafkaEventPublisher log = new KafkaEventPublisher(cloud.config())) {
      for (int i = 0; i < 400; i++) {
        place(log, a, X0 + i % 20, y0 + i / 20, 1 + i % 15);
      }
    }
    String id = start(moderator, "/api/v1/mod/reverts", revert(a, null));
    JsonNode done = awaitDone(moderator, id);
    assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("done");
    List<String> missed = new ArrayList<>();
    for (int y = y0; y < y0 + 20; y++) {
      for (int x = X0; x < X0 + 20; x++) {
        if (pixel(x, y) != 0) {
          missed.add("(" + x + ", " + y + ")");
        }
      }
    }
    assertThat(missed).as("pixels only A placed on that the revert left as A painted them").isEmpty();
    assertThat(done.get("pixelsChanged").asInt()).isEqualTo(400);
  }

  @Test
  void usersGuestsAndStrangersAreRefusedAndBadRevertsChangeNothing() throws Exception {
    String moderator = signIn("mod-rita", "moderators");
    String userToken = signIn("rev-user-" + RUN, "");
    String guestToken = TestClient.newSession(http).token();
    String a = user("al");
    int y = Y0 + 40;
    TileId tile = stores.canvas.tileOf(X0, y);
    try (Painter painter = new Painter(y)) {
      painter.paint(0, user("bay"), 3, a, 1);
    }
    CanvasStore.TileSnapshot griefed = stores.canvasStore.snapshot(tile);

    List<String[]> routes = List.of(
        new String[] {"POST", "/api/v1/mod/reverts", revert(a, null)},
        new String[] {"POST", "/api/v1/mod/previews", "{\"action\":\"revert\",\"userId\":\"" + a + "\"}"},
        new String[] {"POST", "/api/v1/mod/actions/act-none/undo", "{\"reason\":\"x\"}"},
        new String[] {"GET", "/api/v1/mod/actions/act-none", null},
        new String[] {"GET", "/api/v1/mod/actions?limit=5", null});
    for (String[] r : routes) {
      List<String> answers = new ArrayList<>();
      for (String token : new String[] {null, "not-a-session-token", userToken, guestToken}) {
        HttpResponse<String> answer = call(r[0], r[1], token, r[2]);
        answers.add(answer.statusCode() + " " + TestClient.JSON.readTree(answer.body()).path("code").asText());
      }
      assertThat(answers).as("%s %s without a token, forged, a user's, a guest's", r[0], r[1])
          .containsExactly("401 UNAUTHORIZED", "401 UNAUTHORIZED", "403 FORBIDDEN", "403 FORBIDDEN");
    }

    String[][] bad = {
        {"/api/v1/mod/reverts", "{\"reason\":\"no user\"}"},
        {"/api/v1/mod/reverts", "{\"userId\":\"" + a + "\"}"},
        {"/api/v1/mod/reverts", "{\"userId\":\"" + a + "\",\"reason\":\"r\",\"sinse\":0}"},
        {"/api/v1/mod/reverts", "{\"userId\":\"" + a + "\",\"reason\":\"r\",\"since\":" + (System.currentTimeMillis() + 3_600_000) + "}"},
        {"/api/v1/mod/reverts", "{\"userId\":\"" + a + "\",\"reason\":\"r\",\"since\":\"yesterday\"}"},
        {"/api/v1/mod/reverts", "[\"" + a + "\"]"},
        {"/api/v1/mod/previews", "{\"action\":\"ban\",\"userId\":\"" + a + "\"}"},
        {"/api/v1/mod/previews", "{\"action\":\"revert\"}"}};
    for (String[] request : bad) {
      HttpResponse<String> answer = call("POST", request[0], moderator, request[1]);
      assertThat(answer.statusCode()).as(request[0] + " " + request[1] + " -> " + answer.body()).isEqualTo(400);
      assertThat(TestClient.JSON.readTree(answer.body()).get("code").asText()).isEqualTo("BAD_REQUEST");
    }
    HttpResponse<String> unknown = call("POST", "/api/v1/mod/actions/act-none/undo", moderator, "{\"reason\":\"x\"}");
    assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);

    assertUnchanged(tile, griefed, "a refused request");
    JsonNode actions = TestClient.JSON.readTree(call("GET", "/api/v1/mod/actions?limit=500", moderator, null).body()).get("actions");
    actions.forEach(action -> assertThat(action.get("parameters").path("userId").asText()).as("a refused revert is not an action")
        .isNotEqualTo(a));
    assertThat(pixel(X0, y)).isEqualTo(1);
  }
}
