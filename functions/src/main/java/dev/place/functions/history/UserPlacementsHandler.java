package dev.place.functions.history;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.history.TileHistory;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code GET /api/v1/user/{userId}/placements?limit=&cursor=}: a user's placements, newest first,
 * {@code {"userId":..,"placements":[{"seq","x","y","color","userId","placedAt"}],"next":cursor|null}}.
 */
public final class UserPlacementsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

  private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

  interface Pages {
    TileHistory.Page user(String userId, int limit, String cursor);
  }

  private final Pages pages;

  public UserPlacementsHandler() {
    this(null);
  }

  UserPlacementsHandler(Pages pages) {
    this.pages = pages;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    String userId = event.getPathParameters() == null ? null : event.getPathParameters().get("userId");
    if (userId == null || !USER_ID.matcher(userId).matches()) {
      return HttpResponses.badRequest("invalid user id");
    }
    Map<String, String> q = HttpResponses.query(event);
    int limit;
    try {
      limit = HttpResponses.integer(q, "limit", HttpResponses.DEFAULT_LIMIT, 1, HttpResponses.MAX_LIMIT);
    } catch (IllegalArgumentException e) {
      return HttpResponses.badRequest(e.getMessage());
    }
    TileHistory.Page page;
    try {
      page = (pages != null ? pages : (Pages) HistoryDependencies.get().history()::user).user(userId, limit, HttpResponses.cursor(q));
    } catch (IllegalArgumentException e) {
      return HttpResponses.badRequest("malformed cursor");
    }
    StringBuilder body = new StringBuilder(64 + page.placements().size() * 110);
    body.append("{\"userId\":\"").append(userId).append("\",\"placements\":[");
    boolean first = true;
    for (PixelEvent e : page.placements()) {
      body.append(first ? "" : ",").append(HttpResponses.placement(e, true));
      first = false;
    }
    body.append("],\"next\":").append(HttpResponses.next(page.next())).append('}');
    return HttpResponses.json(200, body.toString());
  }
}
