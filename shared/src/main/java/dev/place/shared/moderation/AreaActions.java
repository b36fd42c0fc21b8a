package dev.place.shared.moderation;

import dev.place.shared.auth.SessionClaims;
import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.timelapse.Region;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.Supplier;

/**
 * Protecting and unprotecting areas (docs/moderation.md, Protected areas): placements inside a
 * protected area are refused with {@code AREA_PROTECTED} on both paths, within about a second of the
 * change ({@link LiveProtectedAreas}); no pixel changes either way. Logged before applied, as bans.
 */
public final class AreaActions {

  private static final String ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ProtectedAreaStore store;
  private final AuditLog audit;
  private final Supplier<CanvasGeometry> canvas;
  private final Supplier<String> ids;

  /** @param canvas the live size: an area must lie on the canvas as it is now */
  public AreaActions(ProtectedAreaStore store, AuditLog audit, Supplier<CanvasGeometry> canvas, Supplier<String> ids) {
    this.store = store;
    this.audit = audit;
    this.canvas = canvas;
    this.ids = ids;
  }

  public ProtectedAreas.Area protect(SessionClaims moderator, int x, int y, int w, int h, String reason, long nowMillis)
      throws ModerationException {
    Moderators.require(moderator);
    String why = Moderators.reason(reason, true);
    Region region;
    try {
      region = new Region(x, y, w, h).within(canvas.get());
    } catch (IllegalArgumentException e) {
      throw ModerationException.badRequest("the area must be x, y >= 0, w, h >= 1 and lie on the canvas: " + e.getMessage());
    }
    if (store.all().size() >= ProtectedAreaStore.MAX_AREAS) {
      throw tooMany();
    }
    ProtectedAreas.Area area = new ProtectedAreas.Area(newAreaId(), region, why, moderator.userId(), nowMillis);
    audit.append(new AuditEntry(ids.get(), nowMillis, moderator.userId(), moderator.role().wireName(), AuditEntry.PROTECT,
        area.id(), "{" + ModerationJson.region(region) + "}", why, "{\"protected\":" + ModerationJson.area(area) + "}", 0));
    if (!store.add(area)) {
      // Another moderator took the last place between the count and the add (the log names this attempt).
      throw tooMany();
    }
    return area;
  }

  public ProtectedAreas.Area unprotect(SessionClaims moderator, String id, String reason, long nowMillis)
      throws ModerationException {
    Moderators.require(moderator);
    String why = Moderators.reason(reason, false);
    ProtectedAreas.Area area = find(id);
    audit.append(new AuditEntry(ids.get(), nowMillis, moderator.userId(), moderator.role().wireName(), AuditEntry.UNPROTECT,
        area.id(), "{}", why, "{\"unprotected\":" + ModerationJson.area(area) + "}", 0));
    store.remove(id);
    return area;
  }

  public List<ProtectedAreas.Area> list(SessionClaims moderator) throws ModerationException {
    Moderators.require(moderator);
    return store.all();
  }

  private ProtectedAreas.Area find(String id) throws ModerationException {
    for (ProtectedAreas.Area area : store.all()) {
      if (area.id().equals(id)) {
        return area;
      }
    }
    throw ModerationException.notFound("no protected area has the id " + id);
  }

  private static ModerationException tooMany() {
    return new ModerationException(409, ModerationException.TOO_MANY_AREAS,
        "at most " + ProtectedAreaStore.MAX_AREAS + " areas can be protected at once; unprotect one first");
  }

  /** 50 random bits: short enough to type, and 1,000 areas at most never collide in practice. */
  private static String newAreaId() {
    StringBuilder id = new StringBuilder("area-");
    for (int i = 0; i < 10; i++) {
      id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
    }
    return id.toString();
  }
}
