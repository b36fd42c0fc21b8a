package dev.place.shared.moderation;

import dev.place.shared.event.PixelEvent;
import dev.place.shared.moderation.ModerationAction.RevertUser;
import dev.place.shared.moderation.ModerationAction.RollbackArea;
import dev.place.shared.moderation.ModerationAction.Undo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The algebra of canvas moderation: which user placements are voided, by which actions. A pixel
 * shows its newest placement that no active action voids ({@link VisibleColours}); every action only
 * adds or lifts voids, so rollbacks overlap, reverts stack and undos invert exactly, in any order.
 *
 * <p>Not thread-safe: one moderation worker applies actions one after another, as the audit log
 * orders them.
 */
public final class ModerationLedger {

  /** What one action did: the placements it voided or released and the pixels whose colour may change. */
  public record Change(String actionId, int placementsVoided, int placementsReleased, Set<Pixel> pixels) {}

  private static final class Entry {
    final ActionRecord record;
    final Set<PlacementKey> voids;
    final Set<Pixel> pixels;
    final Entry undoes;
    boolean active;

    Entry(ActionRecord record, Set<PlacementKey> voids, Set<Pixel> pixels, Entry undoes) {
      this.record = record;
      this.voids = voids;
      this.pixels = pixels;
      this.undoes = undoes;
    }
  }

  private final Map<String, Entry> actions = new LinkedHashMap<>();
  private final Map<PlacementKey, Set<String>> voidedBy = new HashMap<>();

  /**
   * Applies {@code record}, reading the placements it concerns from {@code source}, bounded by the
   * record's time. Throws IllegalArgumentException, changing nothing, for a repeated id, a rollback
   * to a moment after the action, or an undo of an unknown or already undone action.
   */
  public Change apply(ActionRecord record, PlacementSource source) {
    if (actions.containsKey(record.id())) {
      throw new IllegalArgumentException("action " + record.id() + " was already applied");
    }
    Entry entry = entryFor(record, source);
    actions.put(record.id(), entry);
    int[] counts = new int[2];
    setActive(entry, true, counts);
    return new Change(record.id(), counts[0], counts[1], Collections.unmodifiableSet(entry.pixels));
  }

  /** An independent ledger in the same state: what a preview applies an action to. */
  public ModerationLedger copy() {
    ModerationLedger copy = new ModerationLedger();
    Map<Entry, Entry> copies = new HashMap<>();
    for (Entry e : actions.values()) {
      Entry c = new Entry(e.record, e.voids, e.pixels, e.undoes == null ? null : copies.get(e.undoes));
      c.active = e.active;
      copies.put(e, c);
      copy.actions.put(e.record.id(), c);
    }
    voidedBy.forEach((k, by) -> copy.voidedBy.put(k, new HashSet<>(by)));
    return copy;
  }

  /** True when an active action voids the placement. */
  public boolean isVoided(PlacementKey placement) {
    return voidedBy.containsKey(placement);
  }

  /** True when the action was applied (undone or not). */
  public boolean contains(String actionId) {
    return actions.containsKey(actionId);
  }

  /** True when the action was applied and is not undone. */
  public boolean isActive(String actionId) {
    Entry entry = actions.get(actionId);
    return entry != null && entry.active;
  }

  /** The applied actions in the order they were applied (the audit order). */
  public List<ActionRecord> history() {
    List<ActionRecord> records = new ArrayList<>(actions.size());
    actions.values().forEach(e -> records.add(e.record));
    return records;
  }

  private Entry entryFor(ActionRecord record, PlacementSource source) {
    ModerationAction action = record.action();
    if (action instanceof RollbackArea rollback) {
      if (rollback.toMillis() > record.atMillis()) {
        throw new IllegalArgumentException("cannot roll back to " + rollback.toMillis() + ", after the action itself");
      }
      return voiding(record, source.inArea(rollback.area(), rollback.toMillis(), record.atMillis()));
    }
    if (action instanceof RevertUser revert) {
      return voiding(record, source.byUser(revert.userId(), revert.sinceMillis(), record.atMillis()));
    }
    Undo undo = (Undo) action;
    Entry target = actions.get(undo.actionId());
    if (target == null) {
      throw new IllegalArgumentException("no action " + undo.actionId() + " to undo");
    }
    if (!target.active) {
      throw new IllegalArgumentException("action " + undo.actionId() + " is already undone; undo its undo instead");
    }
    return new Entry(record, Set.of(), target.pixels, target);
  }

  private static Entry voiding(ActionRecord record, List<PixelEvent> placements) {
    Set<PlacementKey> voids = new HashSet<>();
    Set<Pixel> pixels = new HashSet<>();
    for (PixelEvent placement : placements) {
      voids.add(PlacementKey.of(placement));
      pixels.add(Pixel.of(placement));
    }
    return new Entry(record, voids, pixels, null);
  }

  // An undo toggles what it undoes: active undo = inactive target, so chains of undos nest exactly.
  private void setActive(Entry entry, boolean active, int[] counts) {
    entry.active = active;
    if (entry.undoes != null) {
      setActive(entry.undoes, !active, counts);
      return;
    }
    String id = entry.record.id();
    for (PlacementKey placement : entry.voids) {
      if (active) {
        if (voidedBy.computeIfAbsent(placement, k -> new HashSet<>(2)).add(id)) {
          counts[0]++;
        }
      } else {
        Set<String> by = voidedBy.get(placement);
        if (by != null && by.remove(id)) {
          counts[1]++;
          if (by.isEmpty()) {
            voidedBy.remove(placement);
          }
        }
      }
    }
  }
}
