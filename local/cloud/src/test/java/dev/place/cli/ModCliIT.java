package dev.place.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.local.LocalCloud;
import dev.place.local.it.SharedCloud;
import dev.place.shared.auth.Role;
import dev.place.shared.auth.TokenService;
import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.canvas.Palette;
import dev.place.shared.canvas.TileId;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.config.SecretValues;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.event.PixelEventCodec;
import dev.place.shared.kafka.KafkaEventPublisher;
import dev.place.shared.redis.RedisCanvasStore;
import dev.place.shared.redis.RedisConnector;
import dev.place.shared.redis.RedisCurrentCanvas;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cli/place mod} against the shared local cloud, as a moderator runs it: a token minted with
 * the local cloud's secret, then protect, areas, unprotect, ban, bans, unban and audit; a griefed
 * rectangle previewed, rolled back with {@code --wait}, and the rollback undone, checked in Redis; a
 * user's token refused by the canvas-changing commands.
 */
class ModCliIT {

  /** A corner no other test paints: 12x12 in one tile. */
  private static final int X0 = 1240;
  private static final int Y0 = 1860;
  private static final int SIDE = 12;
  private static final int ARTIST = 6;
  private static final int GRIEF = 2;

  private static LocalCloud cloud;
  private static RedisConnector redis;
  private static CanvasGeometry canvas;
  private static RedisCanvasStore canvasStore;

  @BeforeAll
  static void cloud() {
    cloud = SharedCloud.get();
    PlaceConfig config = cloud.config();
    canvas = new CanvasGeometry(config.canvasWidth(), config.canvasHeight(), config.tileSize());
    redis = new RedisConnector(config);
    canvasStore = new RedisCanvasStore(redis, canvas);
  }

  @AfterAll
  static void closeRedis() {
    redis.close();
  }

  private record Run(int exit, String out, String err) {}

  private static Run cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] argv = new String[args.length + 2];
    argv[0] = "--api";
    argv[1] = cloud.httpUrl().toString();
    System.arraycopy(args, 0, argv, 2, args.length);
    int exit = PlaceCli.run(argv, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aModeratorMintsATokenLocallyAndRunsEveryModCommandAgainstTheCloud() {
    Run token = cli("mod", "token", "--user", "cli-moderator");
    assertThat(token.exit()).as(token.err()).isZero();
    String t = token.out().strip();

    Run protect = cli("mod", "protect", "1880", "380", "5", "5", "--reason", "cli test", "--token", t);
    assertThat(protect.exit()).as(protect.err()).isZero();
    String areaId = protect.out().strip();
    assertThat(areaId).startsWith("area-");
    assertThat(cli("mod", "areas", "--token", t).out()).contains(areaId + "\t1880\t380\t5\t5\tcli test\tcli-moderator");
    assertThat(cli("mod", "unprotect", areaId, "--token", t).out()).contains("unprotected " + areaId);

    Run ban = cli("mod", "ban", "u-cli-target", "--reason", "cli ban", "--for", "1h", "--token", t);
    assertThat(ban.exit()).as(ban.err()).isZero();
    assertThat(ban.out()).startsWith("banned u-cli-target until ");
    assertThat(cli("mod", "bans", "u-cli-target", "--token", t).out()).contains("u-cli-target\tcli ban\t");
    assertThat(cli("mod", "unban", "u-cli-target", "--reason", "done", "--token", t).out()).startsWith("unbanned u-cli-target");
    Run gone = cli("mod", "bans", "u-cli-target", "--token", t);
    assertThat(gone.exit()).isEqualTo(1);
    assertThat(gone.err()).contains("HTTP 404").contains("NOT_FOUND");

    Run audit = cli("mod", "audit", "--limit", "4", "--token", t);
    assertThat(audit.exit()).as(audit.err()).isZero();
    assertThat(audit.out().lines().skip(1).map(l -> l.split("\t")[3]).toList())
        .containsExactly("unban", "ban", "unprotect", "protect");

    Run forbidden = cli("mod", "ban", "u-cli-target", "--reason", "r", "--token", t);
    assertThat(forbidden.exit()).as("a moderator gives an end").isEqualTo(1);
    assertThat(forbidden.err()).contains("HTTP 403").contains("only an admin");
  }

  /** A placement as the placement path makes it (tile script, then the log), without the cooldown: as RollbackIT does. */
  private static void place(KafkaEventPublisher log, String user, int x, int y, int colour) {
    TileId tile = canvas.tileOf(x, y);
    long now = System.currentTimeMillis();
    long seq = canvasStore.writePixel(tile, canvas.indexInTile(x, y), colour, PixelEventCodec.prefix(tile),
        PixelEventCodec.suffix(x, y, colour, user, now));
    assertThat(log.publish(tile, PixelEventCodec.encode(new PixelEvent(tile, seq, x, y, colour, user, now)), Duration.ofSeconds(10)))
        .isTrue();
    canvasStore.forgetJournaled(tile, seq);
  }

  private static void paint(KafkaEventPublisher log, String user, int colour) {
    for (int y = Y0; y < Y0 + SIDE; y++) {
      for (int x = X0; x < X0 + SIDE; x++) {
        place(log, user, x, y, colour);
      }
    }
  }

  private static void assertRectangleIs(int colour, String when) {
    RedisCurrentCanvas current = new RedisCurrentCanvas(canvasStore, canvas);
    for (int y = Y0; y < Y0 + SIDE; y++) {
      for (int x = X0; x < X0 + SIDE; x++) {
        assertThat(current.colourAt(x, y)).as("(%d, %d) %s", x, y, when).isEqualTo(colour);
      }
    }
  }

  private static void assertImageIs(Path png, int colour) throws Exception {
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).as(png + " decodes as an image").isNotNull();
    assertThat(image.getWidth()).isEqualTo(SIDE);
    assertThat(image.getHeight()).isEqualTo(SIDE);
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        assertThat(String.format("#%06X", image.getRGB(x, y) & 0xFFFFFF)).as("%s at (%d, %d)", png, x, y)
            .isEqualTo(Palette.COLOURS.get(colour));
      }
    }
  }

  /** The tab-separated data rows of a listing (the header skipped), split into fields. */
  private static List<String[]> rows(Run run) {
    return run.out().lines().skip(1).map(l -> l.split("\t")).toList();
  }

  @Test
  void aGriefedRectangleIsPreviewedRolledBackWithWaitAndTheRollbackUndoneFromTheCommandLine(@TempDir Path dir) throws Exception {
    String t = cli("mod", "token", "--user", "cli-rollbacker").out().strip();
    String x0 = Integer.toString(X0);
    String y0 = Integer.toString(Y0);
    String side = Integer.toString(SIDE);
    long to;
    try (KafkaEventPublisher log = new KafkaEventPublisher(cloud.config())) {
      paint(log, "cli-artist", ARTIST);
      Thread.sleep(20);
      to = System.currentTimeMillis();
      Thread.sleep(20);
      paint(log, "cli-griefer", GRIEF);
    }
    int pixels = SIDE * SIDE;

    Path previews = dir.resolve("previews");
    Run preview = cli("mod", "preview", "rollback", x0, y0, side, side, "--to", Long.toString(to), "--out", previews.toString(), "--token", t);
    assertThat(preview.exit()).as(preview.err()).isZero();
    assertThat(preview.out().lines()).containsExactly("pixelsChanged\t" + pixels, "region\t" + X0 + "\t" + Y0 + "\t" + SIDE + "\t" + SIDE,
        "before\t" + previews.resolve("before.png"), "after\t" + previews.resolve("after.png"));
    assertThat(preview.err()).contains("written to " + previews);
    assertImageIs(previews.resolve("before.png"), GRIEF);
    assertImageIs(previews.resolve("after.png"), ARTIST);
    assertRectangleIs(GRIEF, "after a preview, which writes nothing");

    Run rollback = cli("mod", "rollback", x0, y0, side, side, "--to", Instant.ofEpochMilli(to).toString(), "--reason", "cli grief", "--wait",
        "--token", t);
    assertThat(rollback.exit()).as(rollback.err()).isZero();
    String id = rollback.out().strip();
    assertThat(id).isNotBlank().doesNotContain("\n");
    assertThat(rollback.err()).contains("rollback " + id + ": waiting-for-history").contains("100% done " + pixels + "/" + pixels)
        .contains("rollback " + id + " done: " + pixels + " pixel(s) changed");
    assertRectangleIs(ARTIST, "after the rollback");

    Run action = cli("mod", "action", id, "--token", t);
    assertThat(action.exit()).as(action.err()).isZero();
    assertThat(rows(action)).singleElement().satisfies(r -> assertThat(List.of(r).subList(0, 5))
        .containsExactly(id, "rollback", "done", pixels + "/" + pixels, Integer.toString(pixels)));

    Run undo = cli("mod", "undo", id, "--reason", "wrong rectangle", "--wait", "--token", t);
    assertThat(undo.exit()).as(undo.err()).isZero();
    String undoId = undo.out().strip();
    assertThat(undo.err()).contains("undo " + undoId + " done: " + pixels + " pixel(s) changed");
    assertRectangleIs(GRIEF, "after the undo of the rollback");

    Run actions = cli("mod", "actions", "--limit", "2", "--token", t);
    assertThat(actions.exit()).as(actions.err()).isZero();
    assertThat(actions.out()).startsWith(ModCommands.ACTION_COLUMNS + "\n");
    List<String[]> listed = rows(actions);
    assertThat(listed).hasSize(2);
    assertThat(listed.get(0)[0]).isEqualTo(undoId);
    assertThat(listed.get(0)[1]).isEqualTo("undo");
    assertThat(listed.get(0)[8]).contains(id);
    assertThat(listed.get(1)[0]).isEqualTo(id);
    assertThat(listed.get(1)[9]).as("undoneBy").isEqualTo(undoId);
    assertThat(actions.err()).contains("2 action(s)");

    Run again = cli("mod", "undo", id, "--reason", "twice", "--token", t);
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("HTTP 409").contains("ALREADY_UNDONE");
    assertThat(again.out()).as("no action id for a refused undo").isEmpty();
  }

  @Test
  void aUsersTokenIsRefusedByTheCanvasChangingCommandsAndNothingIsStarted(@TempDir Path dir) throws Exception {
    String moderator = cli("mod", "token", "--user", "cli-watcher").out().strip();
    String user = new TokenService(SecretValues.tokenSecret(cloud.config()), cloud.config().tokenTtl())
        .issue("cli-plain-user", Role.USER, Instant.now()).token();
    Run before = cli("mod", "actions", "--limit", "500", "--token", moderator);
    assertThat(before.exit()).as(before.err()).isZero();
    String x0 = Integer.toString(X0);
    String y0 = Integer.toString(Y0);
    for (List<String> args : List.of(
        List.of("mod", "rollback", x0, y0, "4", "4", "--to", "1m", "--reason", "r", "--wait"),
        List.of("mod", "revert", "cli-griefer", "--reason", "r"),
        List.of("mod", "undo", "a-none", "--reason", "r"),
        List.of("mod", "preview", "rollback", x0, y0, "4", "4", "--to", "1m", "--out", dir.toString()),
        List.of("mod", "actions"))) {
      List<String> argv = new java.util.ArrayList<>(args);
      argv.add("--token");
      argv.add(user);
      Run refused = cli(argv.toArray(String[]::new));
      assertThat(refused.exit()).as(String.join(" ", args)).isEqualTo(1);
      assertThat(refused.err()).as(String.join(" ", args)).contains("HTTP 403").contains("FORBIDDEN");
      assertThat(refused.out()).isEmpty();
    }
    try (var files = Files.list(dir)) {
      assertThat(files).as("a refused preview writes no image").isEmpty();
    }
    Run after = cli("mod", "actions", "--limit", "500", "--token", moderator);
    assertThat(rows(after).stream().map(r -> r[0]).toList()).as("no action was started")
        .isEqualTo(rows(before).stream().map(r -> r[0]).toList());
  }
}
