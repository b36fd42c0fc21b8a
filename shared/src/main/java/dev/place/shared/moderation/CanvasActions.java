package dev.place.shared.moderation;

import dev.place.shared.auth.SessionClaims;
import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.timelapse.Region;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * The canvas-changing moderator routes (docs/moderation.md, Rollbacks, reverts and undo): checks a
 * request, logs the action, queues it for the {@link CanvasActionWorker} and answers at once; reports
 * an action's status from its log entry. Previews apply to a copy of the ledger, rebuilt from the log,
 * and write nothing.
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

  private final Services services;
  private final Supplier<CanvasGeometry> canvas;
  // A fresh view per action: the plan compares with the canvas as it is then.
  private final Supplier<RestorePlan.CurrentCanvas> currentCanvas;
  private final CanvasActionLog log;
  private final SyncedLedger ledger;
  private final ActionQueue queue;
  private final LongFunction<String> ids;

  /** @param ids a new action's id from its creation time ({@link ActionIds#next}) */
  public CanvasActions(Services services, Supplier<CanvasGeometry> canvas, Supplier<RestorePlan.CurrentCanvas> currentCanvas,
      CanvasActionLog log, SyncedLedger ledger, ActionQueue queue, LongFunction<String> ids) {
    this.services = services;
    this.canvas = canvas;
    this.currentCanvas = currentCanvas;
    this.log = log;
    this.ledger = ledger;
    this.queue = queue;
    this.ids = ids;
  }

  /** What the action would change if it were applied now, after the actions applied so far. */
  public Preview preview(SessionClaims moderator, ModerationAction action, long nowMillis)
      throws ModerationException, InterruptedException {
    Moderators.require(moderator);
    check(action, nowMillis);
    ActionRecord record = new ActionRecord("preview", moderator.userId(), "", nowMillis, action);
    List<RestorePlan.Restore> restores;
    RestorePlan.CurrentCanvas current = currentCanvas.get();
    synchronized (ledger) {
      try {
        restores = services.forLedger(ledger.current(), current).preview(record);
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

  /**
   * Logs the action and queues it; answers its status (state {@code waiting-for-history}). If it
   * cannot be queued, its entry says {@code failed} and the answer is an error: nothing was applied.
   */
  public CanvasActionStatus start(SessionClaims moderator, ModerationAction action, String reason, long nowMillis)
      throws ModerationException {
    Moderators.require(moderator);
    String why = Moderators.reason(reason, true);
    check(action, nowMillis);
    ActionRecord record = new ActionRecord(ids.apply(nowMillis), moderator.userId(), why, nowMillis, action);
    CanvasActionStatus status = CanvasActionStatus.waiting(record, moderator.role().wireName());
    // Logged before it is queued: if the log cannot be written, nothing is applied.
    log.record(status);
    try {
      queue.submit(record.id());
    } catch (RuntimeException e) {
      log.record(status.failed("could not be queued: " + e.getMessage()));
      throw e;
    }
    return status;
  }

  public CanvasActionStatus status(SessionClaims moderator, String id) throws ModerationException {
    Moderators.require(moderator);
    return log.find(id).orElseThrow(() -> ModerationException.notFound("no rollback, revert or undo " + id));
  }

  /** The newest {@code limit} actions, newest first. */
  public List<CanvasActionStatus> newest(SessionClaims moderator, int limit) throws ModerationException {
    Moderators.require(moderator);
    if (limit < 1 || limit > 500) {
      throw ModerationException.badRequest("limit must be 1 to 500");
    }
    return log.newest(limit);
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
      Optional<CanvasActionStatus> target = log.find(undo.actionId());
      if (target.isEmpty()) {
        throw ModerationException.notFound("no rollback, revert or undo " + undo.actionId());
      }
      if (target.get().undoneBy() != null) {
        throw new ModerationException(409, "ALREADY_UNDONE", undo.actionId() + " is undone already (by "
            + target.get().undoneBy() + "); undo that undo instead");
      }
      if (CanvasActionStatus.FAILED.equals(target.get().state())) {
        throw new ModerationException(409, "NOT_APPLIED", undo.actionId() + " failed and changed nothing; there is nothing to undo");
      }
    }
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
