package dev.place.shared.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.place.shared.canvas.TileId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The Kafka event format (docs/events.md): compact JSON, written by hand and read with Jackson's
 * streaming parser so the hot path needs no reflection.
 *
 * <p>The event is produced in two halves around its sequence number, because the number is only
 * known inside the Redis script that assigns it; the script joins the halves into the journal
 * entry, which is byte for byte the Kafka record value.
 */
public final class PixelEventCodec {

  public static final int VERSION = 1;
  private static final JsonFactory JSON = new JsonFactory();

  private PixelEventCodec() {}

  /** The text before the sequence number. */
  public static String prefix(TileId tile) {
    return "{\"v\":" + VERSION + ",\"tile\":\"" + tile + "\",\"seq\":";
  }

  /** The text after the sequence number. */
  public static String suffix(int x, int y, int colour, String userId, long placedAtMillis) {
    return suffix(x, y, colour, userId, placedAtMillis, null);
  }

  /**
   * The text after the sequence number of a restore written by moderation action
   * {@code moderationAction} (null: a user's placement, without the field, as before the mark).
   */
  public static String suffix(int x, int y, int colour, String userId, long placedAtMillis, String moderationAction) {
    StringBuilder json = new StringBuilder(96);
    json.append(",\"x\":").append(x).append(",\"y\":").append(y).append(",\"color\":").append(colour);
    json.append(",\"user\":\"");
    JsonStringEncoder.getInstance().quoteAsString(userId, json);
    json.append("\",\"at\":").append(placedAtMillis);
    if (moderationAction != null) {
      json.append(",\"mod\":\"");
      JsonStringEncoder.getInstance().quoteAsString(moderationAction, json);
      json.append('"');
    }
    return json.append('}').toString();
  }

  public static String encode(PixelEvent e) {
    return prefix(e.tile()) + e.seq() + suffix(e.x(), e.y(), e.colour(), e.userId(), e.placedAtMillis(), e.moderationAction());
  }

  public static byte[] encodeUtf8(PixelEvent e) {
    return encode(e).getBytes(StandardCharsets.UTF_8);
  }

  public static PixelEvent decode(byte[] json) {
    try (JsonParser p = JSON.createParser(json)) {
      return read(p);
    } catch (IOException e) {
      throw new MalformedEventException("not a pixel event: " + e.getMessage(), e);
    }
  }

  public static PixelEvent decode(String json) {
    try (JsonParser p = JSON.createParser(json)) {
      return read(p);
    } catch (IOException e) {
      throw new MalformedEventException("not a pixel event: " + e.getMessage(), e);
    }
  }

  private static PixelEvent read(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new MalformedEventException("a pixel event is a JSON object");
    }
    int version = -1;
    String tile = null;
    String user = null;
    long seq = -1;
    long at = -1;
    int x = -1;
    int y = -1;
    int colour = -1;
    String moderationAction = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "v" -> version = p.getIntValue();
        case "tile" -> tile = p.getText();
        case "seq" -> seq = p.getLongValue();
        case "x" -> x = p.getIntValue();
        case "y" -> y = p.getIntValue();
        case "color" -> colour = p.getIntValue();
        case "user" -> user = p.getText();
        case "at" -> at = p.getLongValue();
        // Absent (events before the mark, and every user placement): not a moderation write.
        case "mod" -> moderationAction = value == JsonToken.VALUE_NULL ? null : p.getText();
        default -> {
          // Later versions may add fields; readers of this version skip them.
          if (value.isStructStart()) {
            p.skipChildren();
          }
        }
      }
    }
    if (version < 1 || tile == null || user == null || seq < 1 || at < 0 || x < 0 || y < 0 || colour < 0) {
      throw new MalformedEventException("pixel event lacks a required field (v, tile, seq, x, y, color, user, at)");
    }
    try {
      return new PixelEvent(TileId.parse(tile), seq, x, y, colour, user, at, moderationAction);
    } catch (IllegalArgumentException e) {
      throw new MalformedEventException(e.getMessage(), e);
    }
  }
}
