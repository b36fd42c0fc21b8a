package dev.place.functions.history;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.history.TileHistory;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/pixel?x=&y=&limit=&cursor=}: every placement on a pixel, newest first, paged.
 * {@code {"x":10,"y":20,"placements":[{"seq","color","userId","placedAt"}],"next":cursor|null}}.
 */
public final class PixelHistoryHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  /** What this route reads: one pixel's page. */
  interface Pages {
    TileHistory.Page pixel(int x, int y, int limit, String cursor);
  }

  private final Supplier<CanvasGeometry> canvas;
  private final Pages pages;

  public PixelHistoryHandler() {
    this(HistoryDependencies.get()::canvas, null);
  }

  PixelHistoryHandler(Supplier<CanvasGeometry> canvas, Pages pages) {
    this.canvas = canvas;
    this.pages = pages;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    Map<String, String> q = HttpResponses.query(event);
    CanvasGeometry canvas = this.canvas.get(); // grows at runtime (local/grow-canvas)
    int x;
    int y;
    int limit;
    String cursor;
    try {
      x = HttpResponses.integer(q, "x", null, 0, canvas.width() - 1);
      y = HttpResponses.integer(q, "y", null, 0, canvas.height() - 1);
      limit = HttpResponses.integer(q, "limit", HttpResponses.DEFAULT_LIMIT, 1, HttpResponses.MAX_LIMIT);
      cursor = HttpResponses.cursor(q);
    } catch (IllegalArgumentException e) {
      return HttpResponses.badRequest(e.getMessage());
    }
    TileHistory.Page page;
    try {
      page = (pages != null ? pages : (Pages) HistoryDependencies.get().history()::pixel).pixel(x, y, limit, cursor);
    } catch (IllegalArgumentException e) {
      return HttpResponses.badRequest("malformed cursor");
    }
    StringBuilder body = new StringBuilder(64 + page.placements().size() * 96);
    body.append("{\"x\":").append(x).append(",\"y\":").append(y).append(",\"placements\":[");
    boolean first = true;
    for (PixelEvent e : page.placements()) {
      body.append(first ? "" : ",").append(HttpResponses.placement(e, false));
      first = false;
    }
    body.append("],\"next\":").append(HttpResponses.next(page.next())).append('}');
    return HttpResponses.json(200, body.toString());
  }
}
