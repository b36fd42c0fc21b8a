package dev.place.shared.protocol;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.canvas.Palette;
import dev.place.shared.canvas.TileId;
import dev.place.shared.delivery.Encoding;
import dev.place.shared.delivery.Subscription;
import java.time.Duration;

/** Encodes the messages the server sends (docs/protocol.md), by hand: they are small and hot. */
public final class ServerMessages {

  private ServerMessages() {}

  public static String hello(
      String userId,
      String connectionId,
      CanvasGeometry canvas,
      Duration cooldown,
      long nextPlacementAtMillis,
      long serverTimeMillis,
      String snapshotIndexUrl,
      Encoding encoding) {
    StringBuilder json = new StringBuilder(512).append("{\"type\":\"hello\",\"userId\":");
    quote(json, userId);
    json.append(",\"connectionId\":");
    quote(json, connectionId);
    json.append(",\"width\":").append(canvas.width())
        .append(",\"height\":").append(canvas.height())
        .append(",\"tileSize\":").append(canvas.tileSize())
        .append(",\"palette\":[");
    for (int i = 0; i < Palette.COLOURS.size(); i++) {
      json.append(i == 0 ? "\"" : ",\"").append(Palette.COLOURS.get(i)).append('"');
    }
    json.append("],\"cooldownSeconds\":").append(cooldown.toSeconds())
        .append(",\"nextPlacementAt\":").append(nextPlacementAtMillis)
        .append(",\"serverTime\":").append(serverTimeMillis)
        .append(",\"snapshotIndexUrl\":");
    quote(json, snapshotIndexUrl);
    return json.append(",\"encoding\":\"").append(encoding.wireName()).append("\"}").toString();
  }

  public static String placed(int x, int y, int colour, TileId tile, long seq, long nextPlacementAtMillis) {
    return "{\"type\":\"placed\",\"x\":" + x + ",\"y\":" + y + ",\"color\":" + colour
        + ",\"tile\":\"" + tile + "\",\"seq\":" + seq + ",\"nextPlacementAt\":" + nextPlacementAtMillis + "}";
  }

  public static String error(ErrorCode code, String message) {
    StringBuilder json = new StringBuilder(128).append("{\"type\":\"error\",\"code\":\"").append(code.name()).append("\",\"message\":");
    quote(json, message);
    return json.append('}').toString();
  }

  /** {@code CHALLENGE_REQUIRED}: the placement waits for the answer to {@code challenge} (docs/protocol.md). */
  public static String challengeRequired(String message, String challenge) {
    StringBuilder json = new StringBuilder(256).append("{\"type\":\"error\",\"code\":\"")
        .append(ErrorCode.CHALLENGE_REQUIRED.name()).append("\",\"message\":");
    quote(json, message);
    json.append(",\"challenge\":");
    quote(json, challenge);
    return json.append('}').toString();
  }

  /** An error the client may retry after {@code retryAfter}, given in whole seconds, rounded up. */
  public static String retryableError(ErrorCode code, String message, Duration retryAfter, long retryAtMillis) {
    StringBuilder json = new StringBuilder(160).append("{\"type\":\"error\",\"code\":\"").append(code.name()).append("\",\"message\":");
    quote(json, message);
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    return json.append(",\"retryAfter\":").append(seconds).append(",\"retryAt\":").append(retryAtMillis).append('}').toString();
  }

  /** The canvas grew: clients enlarge their view and load the new tiles (docs/protocol.md). */
  public static String resize(CanvasGeometry canvas) {
    return "{\"type\":\"resize\",\"width\":" + canvas.width() + ",\"height\":" + canvas.height()
        + ",\"tileSize\":" + canvas.tileSize() + "}";
  }

  /** The tiles the connection now receives. */
  public static String subscribed(Subscription subscription) {
    String area = subscription.isAll() ? "\"all\"" : subscription.isNone() ? "\"none\""
        : "[" + subscription.tx0() + "," + subscription.ty0() + "," + subscription.tx1() + "," + subscription.ty1() + "]";
    return "{\"type\":\"subscribed\",\"area\":" + area + "}";
  }

  /** The answer with the request's {@code id} (JSON text) echoed; unchanged when there was none. */
  public static String withId(String message, String idJson) {
    return idJson == null ? message : "{\"id\":" + idJson + "," + message.substring(1);
  }

  public static String pong(long serverTimeMillis) {
    return "{\"type\":\"pong\",\"serverTime\":" + serverTimeMillis + "}";
  }

  private static void quote(StringBuilder json, String text) {
    json.append('"');
    JsonStringEncoder.getInstance().quoteAsString(text, json);
    json.append('"');
  }
}
