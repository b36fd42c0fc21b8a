package dev.place.shared.moderation;

import dev.place.shared.timelapse.Region;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The JSON of bans, areas and audit entries: in the moderator routes' answers and in the audit log's
 * {@code parameters} and {@code changes}, so both say the same thing the same way. Times are UTC
 * with milliseconds, as every time in the API.
 */
public final class ModerationJson {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private ModerationJson() {}

  public static String time(long epochMillis) {
    return TIME.format(Instant.ofEpochMilli(epochMillis));
  }

  /** A quoted JSON string, or {@code null}. */
  public static String string(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** {@code {"userId","reason","since","expiresAt"|null,"moderator"}}. */
  public static String ban(Ban ban) {
    if (ban == null) {
      return "null";
    }
    return "{\"userId\":" + string(ban.userId()) + ",\"reason\":" + string(ban.reason()) + ",\"since\":" + string(time(ban.sinceMillis()))
        + ",\"expiresAt\":" + (ban.untilMillis() == 0 ? "null" : string(time(ban.untilMillis())))
        + ",\"moderator\":" + string(ban.moderator()) + "}";
  }

  public static String region(Region r) {
    return "\"x\":" + r.x() + ",\"y\":" + r.y() + ",\"w\":" + r.width() + ",\"h\":" + r.height();
  }

  /** {@code {"id","x","y","w","h","reason","moderator","since"}}. */
  public static String area(ProtectedAreas.Area area) {
    if (area == null) {
      return "null";
    }
    return "{\"id\":" + string(area.id()) + "," + region(area.region()) + ",\"reason\":" + string(area.reason())
        + ",\"moderator\":" + string(area.moderator()) + ",\"since\":" + string(time(area.createdAtMillis())) + "}";
  }

  /** {@code {"id","at","moderator","role","action","target","parameters":{..},"reason","changes":{..},"pixelsChanged"}}. */
  public static String entry(AuditEntry e) {
    return "{\"id\":" + string(e.id()) + ",\"at\":" + string(time(e.atMillis())) + ",\"moderator\":" + string(e.moderator())
        + ",\"role\":" + string(e.moderatorRole()) + ",\"action\":" + string(e.action()) + ",\"target\":" + string(e.target())
        + ",\"parameters\":" + e.parameters() + ",\"reason\":" + string(e.reason()) + ",\"changes\":" + e.changes()
        + ",\"pixelsChanged\":" + e.pixelsChanged() + "}";
  }
}
