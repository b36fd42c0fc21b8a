package dev.place.shared.moderation;

import dev.place.shared.json.FlatJson;
import dev.place.shared.timelapse.Region;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * How a canvas-changing action is written in the audit log ({@code action}, {@code target},
 * {@code parameters}) and read back from it: the log is what the applying worker and every preview
 * rebuild the ledger from, so what is written must say exactly what was asked.
 */
public final class ActionParameters {

  public static final String ROLLBACK = "rollback";
  public static final String REVERT = "revert";
  public static final String UNDO = "undo";

  private ActionParameters() {}

  public static boolean isCanvasAction(String kind) {
    return ROLLBACK.equals(kind) || REVERT.equals(kind) || UNDO.equals(kind);
  }

  public static String kind(ModerationAction action) {
    if (action instanceof ModerationAction.RollbackArea) {
      return ROLLBACK;
    }
    return action instanceof ModerationAction.RevertUser ? REVERT : UNDO;
  }

  public static String target(ModerationAction action) {
    if (action instanceof ModerationAction.RollbackArea r) {
      return r.area().toString();
    }
    if (action instanceof ModerationAction.RevertUser u) {
      return u.userId();
    }
    return ((ModerationAction.Undo) action).actionId();
  }

  public static String json(ModerationAction action) {
    if (action instanceof ModerationAction.RollbackArea r) {
      return "{" + ModerationJson.region(r.area()) + ",\"to\":" + ModerationJson.string(ModerationJson.time(r.toMillis())) + "}";
    }
    if (action instanceof ModerationAction.RevertUser u) {
      return "{\"userId\":" + ModerationJson.string(u.userId()) + ",\"since\":"
          + (u.sinceMillis() == 0 ? "null" : ModerationJson.string(ModerationJson.time(u.sinceMillis()))) + "}";
    }
    return "{\"actionId\":" + ModerationJson.string(((ModerationAction.Undo) action).actionId()) + "}";
  }

  /**
   * The action {@link #json} wrote for {@code kind}.
   *
   * @throws IllegalArgumentException for an unknown kind or parameters that do not describe one
   */
  public static ModerationAction parse(String kind, String json) {
    Map<String, String> f = FlatJson.read(json);
    try {
      return switch (kind) {
        case ROLLBACK -> new ModerationAction.RollbackArea(new Region(integer(f, "x"), integer(f, "y"), integer(f, "w"),
            integer(f, "h")), time(required(f, "to")));
        case REVERT -> new ModerationAction.RevertUser(required(f, "userId"), f.get("since") == null ? 0 : time(f.get("since")));
        case UNDO -> new ModerationAction.Undo(required(f, "actionId"));
        default -> throw new IllegalArgumentException("'" + kind + "' is not a rollback, revert or undo");
      };
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException("the " + kind + "'s parameters are malformed: " + e.getMessage(), e);
    }
  }

  private static String required(Map<String, String> f, String name) {
    String value = f.get(name);
    if (value == null) {
      throw new IllegalArgumentException("missing '" + name + "'");
    }
    return value;
  }

  private static int integer(Map<String, String> f, String name) {
    return Integer.parseInt(required(f, name));
  }

  private static long time(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }
}
