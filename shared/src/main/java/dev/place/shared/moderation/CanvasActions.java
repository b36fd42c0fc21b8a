package dev.place.shared.moderation;

import dev.place.shared.auth.SessionClaims;
import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.timelapse.Region;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The canvas-changing moderator actions (docs/moderation.md, Rollbacks, reverts and undo): checks a
 * request, logs it, answers at once, and applies it in the background, one action after another,
 * through {@link ModerationService} (wait for history, plan, bounded per-tile batches). Previews
 * apply to a copy of the ledger and write nothing.
 *
 * <p>The ledger and the statuses live in this object: one applying process holds them (the local
 * cloud's moderator function; see docs/moderation.md for what a restart forgets).
 */
public final class CanvasActions {

  /** A region a preview renders at most (pixels per side): two PNGs of it go back in one answer. */
  public static final int MAX_PREVIEW_SIDE = 1000;

  /** How far back a rollback reaches (it reads the history's day partitions of every day since). */
  public static final long MAX_ROLLBACK_MILLIS = 30L * 86_400_000L;

  /** What a preview answers: the pixels it would change, the region shown, the two images. */
  public record Preview(int pixelsChanged, Region region, byte[] beforePng, byte[] afterPng) {}

  /** Builds the service that plans and applies one action against {@code current}. */
  @FunctionalInterface
  public interface Services {
    ModerationService forLedger(ModerationLedger ledger, RestorePlan.CurrentCanvas current);
  }

  private final ModerationLedger ledger = new ModerationLedger();
  private final Map<String, CanvasActionStatus> statuses = new LinkedHashMap<>();
  private final Services services;
  private final Supplier<CanvasGeometry> canvas;
  // A fresh view per action: the plan compares with the canvas as it is then.
  private final Supplier<RestorePlan.CurrentCanvas> currentCanvas;
  private final AuditLog audit;
  private final Executor applier;
  private final Supplier<String> ids;

  /** @param applier runs the applies one at a time, in the order they were asked for (a single thread) */
  public CanvasActions(Services services, Supplier<CanvasGeometry> canvas, Supplier<RestorePlan.CurrentCanvas> currentCanvas, AuditLog audit,
      Executor applier, Supplier<String> ids) {
    this.services = services;
    this.canvas = canvas;
    this.currentCanvas = currentCanvas;
    this.audit = audit;
    this.applier = applier;
    this.ids = ids;
  }

  public Preview preview(SessionClaims moderator, ModerationAction action, long nowMillis)
      throws ModerationException, InterruptedException {
    Moderators.require(moderator);
    check(action, nowMillis);
    ActionRecord record = new ActionRecord("preview", moderator.userId(), "", nowMillis, action);
    List<RestorePlan.Restore> restores;
    RestorePlan.CurrentCanvas current = currentCanvas.get();
    synchronized (ledger) {
      try {
        restores = services.forLedger(ledger, current).preview(record);
      } catch (IllegalArgumentException e) {
        throw ModerationException.badRequest(e.getMessage());
      }
    }
    Region region = action instanceof ModerationAction.RollbackArea r ? r.area() : boundingBox(restores);
    if (region.width() > MAX_PREVIEW_SIDE || region.height() > MAX_PREVIEW_SIDE) {
      throw ModerationException.badRequest("a preview shows at most " + MAX_PREVIEW_SIDE + "x" + MAX_PREVIEW_SIDE
          + " pixels; this one would be " + region.width() + "x" + region.height());
    }
    RollbackPreview.Images images = RollbackPreview.render(region, current, restores);
    return new Preview(restores.size(), region, images.beforePng(), images.afterPng());
  }

  /** Logs the action and starts applying it; answers its status (state {@code waiting-for-history}). */
  public CanvasActionStatus start(SessionClaims moderator, ModerationAction action, String reason, long nowMillis)
      throws ModerationException {
    Moderators.require(moderator);
    String why = Moderators.reason(reason, true);
    check(action, nowMillis);
    String kind = kind(action);
    ActionRecord record = new ActionRecord(ids.get(), moderator.userId(), why, nowMillis, action);
    String parameters = parameters(action);
    String target = target(action);
    // Logged before it is applied: if the log cannot be written, nothing is.
    audit.append(new AuditEntry(record.id(), nowMillis, moderator.userId(), moderator.role().wireName(), kind, target,
        parameters, why, "{\"state\":\"" + CanvasActionStatus.WAITING + "\"}", 0));
    CanvasActionStatus status = new CanvasActionStatus(record.id(), kind, moderator.userId(), why, nowMillis, parameters,
        CanvasActionStatus.WAITING, 0, 0, 0, null, null);
    synchronized (statuses) {
      statuses.put(record.id(), status);
    }
    String role = moderator.role().wireName();
    applier.execute(() -> apply(record, role, target, parameters));
    return status;
  }

  public CanvasActionStatus status(SessionClaims moderator, String id) throws ModerationException {
    Moderators.require(moderator);
    synchronized (statuses) {
      CanvasActionStatus status = statuses.get(id);
      if (status == null) {
        throw ModerationException.notFound("no rollback, revert or undo " + id);
      }
      return status;
    }
  }

  /** The newest {@code limit} actions, newest first. */
  public List<CanvasActionStatus> newest(SessionClaims moderator, int limit) throws ModerationException {
    Moderators.require(moderator);
    if (limit < 1 || limit > 500) {
      throw ModerationException.badRequest("limit must be 1 to 500");
    }
    List<CanvasActionStatus> all;
    synchronized (statuses) {
      all = new ArrayList<>(statuses.values());
    }
    all.sort(Comparator.comparingLong(CanvasActionStatus::createdAtMillis).reversed());
    return all.subList(0, Math.min(limit, all.size()));
  }

  private void apply(ActionRecord record, String role, String target, String parameters) {
    String kind = kind(record.action());
    try {
      ModerationService.Applied applied;
      synchronized (ledger) {
        applied = services.forLedger(ledger, currentCanvas.get()).apply(record, (done, total) -> update(record.id(),
            s -> s.with(CanvasActionStatus.APPLYING, done, total, s.pixelsChanged(), null)));
      }
      int changed = applied.pixelsRestored();
      update(record.id(), s -> s.with(CanvasActionStatus.DONE, s.total(), s.total(), changed, null));
      if (record.action() instanceof ModerationAction.Undo undo) {
        update(undo.actionId(), s -> s.undoneBy(record.id()));
      }
      // The same row (month, at, id) again: the entry now says what the action changed.
      audit.append(new AuditEntry(record.id(), record.atMillis(), record.moderator(), role, kind, target, parameters,
          record.reason(), "{\"state\":\"done\",\"skippedAsRaced\":" + applied.pixelsSkippedAsRaced() + ",\"batches\":"
              + applied.batches() + "}", changed));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      update(record.id(), s -> s.with(CanvasActionStatus.FAILED, s.done(), s.total(), s.pixelsChanged(), "interrupted"));
    } catch (RuntimeException e) {
      update(record.id(), s -> s.with(CanvasActionStatus.FAILED, s.done(), s.total(), s.pixelsChanged(), e.getMessage()));
    }
  }

  private void update(String id, java.util.function.UnaryOperator<CanvasActionStatus> change) {
    synchronized (statuses) {
      statuses.computeIfPresent(id, (k, s) -> change.apply(s));
    }
  }

  private void check(ModerationAction action, long nowMillis) throws ModerationException {
    if (action instanceof ModerationAction.RollbackArea rollback) {
      Region area = rollback.area();
      try {
        area.within(canvas.get());
      } catch (IllegalArgumentException e) {
        throw ModerationException.badRequest(e.getMessage());
      }
      if (rollback.toMillis() > nowMillis) {
        throw ModerationException.badRequest("'to' must not be in the future");
      }
      if (nowMillis - rollback.toMillis() > MAX_ROLLBACK_MILLIS) {
        throw ModerationException.badRequest("'to' may be at most " + MAX_ROLLBACK_MILLIS / 86_400_000L + " days ago");
      }
    } else if (action instanceof ModerationAction.RevertUser revert) {
      if (revert.sinceMillis() > nowMillis) {
        throw ModerationException.badRequest("'since' must not be in the future");
      }
    } else if (action instanceof ModerationAction.Undo undo) {
      synchronized (statuses) {
        CanvasActionStatus target = statuses.get(undo.actionId());
        if (target == null) {
          throw ModerationException.notFound("no rollback, revert or undo " + undo.actionId());
        }
        if (target.undoneBy() != null) {
          throw new ModerationException(409, "ALREADY_UNDONE", undo.actionId() + " is undone already (by "
              + target.undoneBy() + "); undo that undo instead");
        }
      }
    }
  }

  static String kind(ModerationAction action) {
    if (action instanceof ModerationAction.RollbackArea) {
      return "rollback";
    }
    return action instanceof ModerationAction.RevertUser ? "revert" : "undo";
  }

  private static String target(ModerationAction action) {
    if (action instanceof ModerationAction.RollbackArea r) {
      return r.area().toString();
    }
    if (action instanceof ModerationAction.RevertUser u) {
      return u.userId();
    }
    return ((ModerationAction.Undo) action).actionId();
  }

  private static String parameters(ModerationAction action) {
    if (action instanceof ModerationAction.RollbackArea r) {
      return "{" + ModerationJson.region(r.area()) + ",\"to\":" + ModerationJson.string(ModerationJson.time(r.toMillis())) + "}";
    }
    if (action instanceof ModerationAction.RevertUser u) {
      return "{\"userId\":" + ModerationJson.string(u.userId()) + ",\"since\":"
          + (u.sinceMillis() == 0 ? "null" : ModerationJson.string(ModerationJson.time(u.sinceMillis()))) + "}";
    }
    return "{\"actionId\":" + ModerationJson.string(((ModerationAction.Undo) action).actionId()) + "}";
  }

  private static Region boundingBox(List<RestorePlan.Restore> restores) {
    if (restores.isEmpty()) {
      return new Region(0, 0, 1, 1);
    }
    int minX = Integer.MAX_VALUE;
    int minY = Integer.MAX_VALUE;
    int maxX = -1;
    int maxY = -1;
    for (RestorePlan.Restore r : restores) {
      minX = Math.min(minX, r.x());
      minY = Math.min(minY, r.y());
      maxX = Math.max(maxX, r.x());
      maxY = Math.max(maxY, r.y());
    }
    return new Region(minX, minY, maxX - minX + 1, maxY - minY + 1);
  }
}
