package dev.place.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.place.local.LocalCloud;
import dev.place.local.it.Guest;
import dev.place.local.it.SharedCloud;
import dev.place.shared.canvas.Palette;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's three commands against the shared local cloud, as a user runs them: one real placement
 * through the WebSocket API, then {@code history}, {@code canvas-at} and {@code timelapse} (twice:
 * the second run reuses the first result).
 */
class PlaceCliIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final int X = 1700;
  private static final int Y = 1701;
  private static final int COLOUR = 7;

  private static LocalCloud cloud;
  private static long before;
  private static long after;
  private static String userId;

  @BeforeAll
  static void placeOnePixel() throws Exception {
    cloud = SharedCloud.get();
    before = System.currentTimeMillis() - 1_000;
    userId = Guest.place(cloud, X, Y, COLOUR).userId();
    // Not later than now: a timelapse refuses a 'to' in the future. The placement was acknowledged, so it is
    // stamped no later than this instant; waiting a tick makes 'after' strictly in the past for every request.
    after = System.currentTimeMillis() + 1;
    while (System.currentTimeMillis() <= after) {
      Thread.sleep(1);
    }
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
  void historyListsThePlacementOfThePixelAndOfItsUser() throws Exception {
    Run pixel = cli("history", "pixel", Integer.toString(X), Integer.toString(Y));
    long deadline = System.currentTimeMillis() + 20_000;
    while (!pixel.out().contains(userId) && System.currentTimeMillis() < deadline) {
      Thread.sleep(200); // the history writer is asynchronous (Kafka → Cassandra)
      pixel = cli("history", "pixel", Integer.toString(X), Integer.toString(Y));
    }
    assertThat(pixel.exit()).as(pixel.err()).isZero();
    assertThat(pixel.out()).startsWith("seq\tcolor\tuserId\tplacedAt\n").contains("\t" + COLOUR + "\t" + userId + "\t");
    assertThat(pixel.err()).contains("1 placement(s)");

    Run user = cli("history", "user", userId);
    assertThat(user.exit()).isZero();
    assertThat(user.out()).contains("\t" + X + "\t" + Y + "\t" + COLOUR + "\t");
  }

  @Test
  void canvasAtWritesAPngOfTheRectangleAsOfThatMoment(@TempDir Path dir) throws Exception {
    awaitHistory();
    Path png = dir.resolve("canvas.png");
    Run run = cli("canvas-at", "--at", Long.toString(after), "--x", Integer.toString(X), "--y", Integer.toString(Y),
        "--w", "4", "--h", "4", "-o", png.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out().trim()).isEqualTo(png.toAbsolutePath().toString());
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(4);
    assertThat(rgb(image, 0, 0)).isEqualTo(Palette.COLOURS.get(COLOUR));

    Run earlier = cli("canvas-at", "--at", Long.toString(before), "--x", Integer.toString(X), "--y", Integer.toString(Y),
        "--w", "4", "--h", "4", "-o", png.toString());
    assertThat(earlier.exit()).isZero();
    assertThat(rgb(ImageIO.read(png.toFile()), 0, 0)).isEqualTo(Palette.COLOURS.get(0));
  }

  @Test
  void timelapseShowsProgressDownloadsTheGifAndReusesItTheSecondTime(@TempDir Path dir) throws Exception {
    awaitHistory();
    String[] args = {"timelapse", "--from", Long.toString(before), "--to", Long.toString(after),
        "--x", Integer.toString(X - 8), "--y", Integer.toString(Y - 8), "--w", "16", "--h", "16",
        "--frames", "12", "--fps", "6", "--format", "gif", "-o", dir.resolve("first.gif").toString()};
    Run first = cli(args);
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.err()).contains("100%");
    String url = first.out().lines().findFirst().orElseThrow();
    assertThat(url).startsWith(cloud.httpUrl() + "/timelapse/").endsWith(".gif");

    ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
    try (ImageInputStream in = ImageIO.createImageInputStream(dir.resolve("first.gif").toFile())) {
      reader.setInput(in);
      assertThat(reader.getNumImages(true)).isEqualTo(12);
      assertThat(rgb(reader.read(0), 8, 8)).isEqualTo(Palette.COLOURS.get(0));
      assertThat(rgb(reader.read(11), 8, 8)).isEqualTo(Palette.COLOURS.get(COLOUR));
    }

    args[args.length - 1] = dir.resolve("second.gif").toString();
    Run second = cli(args);
    assertThat(second.exit()).isZero();
    assertThat(second.err()).contains("reusing");
    assertThat(second.out().lines().findFirst().orElseThrow()).isEqualTo(url);
    assertThat(dir.resolve("second.gif")).hasSameBinaryContentAs(dir.resolve("first.gif"));
  }

  private static String rgb(BufferedImage image, int x, int y) {
    return String.format("#%06X", image.getRGB(x, y) & 0xFFFFFF);
  }

  /** Until the history has the placement: renders read Cassandra, which the writer fills asynchronously. */
  private static void awaitHistory() throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
          URI.create(cloud.httpUrl() + "/api/v1/pixel?x=" + X + "&y=" + Y)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200 && JSON.readTree(r.body()).get("placements").size() > 0) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the placement never reached the history");
  }
}
