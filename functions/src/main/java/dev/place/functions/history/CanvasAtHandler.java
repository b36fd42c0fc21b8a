package dev.place.functions.history;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.timelapse.HistorySource;
import dev.place.shared.timelapse.PngWriter;
import dev.place.shared.timelapse.Region;
import dev.place.shared.timelapse.Replays;
import dev.place.shared.timelapse.TimelapseRequest;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/history/canvas.png?at=&x=&y=&w=&h=}: the canvas, or a rectangle of it, as it
 * was at {@code at} (ISO-8601 or epoch ms; default now), as an indexed PNG. Each tile replays from its
 * newest checkpoint at or before {@code at}. A moment in the past never changes, so such answers are
 * cacheable for ever; "now" is not.
 */
public final class CanvasAtHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  private final Supplier<CanvasGeometry> canvas;
  private final Supplier<HistorySource> source;

  public CanvasAtHandler() {
    this(HistoryDependencies.get()::canvas, () -> HistoryDependencies.get().history());
  }

  CanvasAtHandler(Supplier<CanvasGeometry> canvas, Supplier<HistorySource> source) {
    this.canvas = canvas;
    this.source = source;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    Map<String, String> q = HttpResponses.query(event);
    CanvasGeometry canvas = this.canvas.get(); // grows at runtime (local/grow-canvas)
    long now = System.currentTimeMillis();
    Region region;
    long at;
    try {
      int x = HttpResponses.integer(q, "x", 0, 0, canvas.width() - 1);
      int y = HttpResponses.integer(q, "y", 0, 0, canvas.height() - 1);
      int w = HttpResponses.integer(q, "w", canvas.width() - x, 1, canvas.width());
      int h = HttpResponses.integer(q, "h", canvas.height() - y, 1, canvas.height());
      region = new Region(x, y, w, h).within(canvas);
      at = q.containsKey("at") ? TimelapseRequest.instant(q.get("at"), "at") : now;
    } catch (IllegalArgumentException e) {
      return HttpResponses.badRequest(e.getMessage());
    }
    byte[] pixels = Replays.asOf(source.get(), region, canvas.tileSize(), at);
    // Events can still arrive for the last few seconds (Kafka → history writer), so only older answers are final.
    String cache = at < now - 60_000 ? "public, max-age=31536000, immutable" : "no-store";
    return HttpResponses.binary("image/png", PngWriter.write(pixels, region.width(), region.height()), cache);
  }
}
