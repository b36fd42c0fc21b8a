package dev.place.shared.moderation;

import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protected areas as this process knows them, for the check on every placement: kept in memory,
 * the store's version asked at most once per {@code refreshMillis}, the areas re-read only when it
 * moved. So a placement costs no Redis round trip for the check (one placement a second per process
 * pays one small read), and a new or lifted area takes effect in every process within about
 * {@code refreshMillis} plus one read. If the store cannot be read the last known areas stay.
 */
public final class LiveProtectedAreas implements Supplier<ProtectedAreas> {

  private static final Logger LOG = LoggerFactory.getLogger(LiveProtectedAreas.class);
  /** The refresh interval docs/moderation.md promises. */
  public static final long REFRESH_MILLIS = 1_000;

  private final ProtectedAreaStore store;
  private final int tileSize;
  private final long refreshMillis;
  private final LongSupplier clock;
  private volatile ProtectedAreas current = ProtectedAreas.none();
  private volatile long checkedAt;
  private volatile boolean checked;
  private long knownVersion = -1;

  public LiveProtectedAreas(ProtectedAreaStore store, int tileSize, long refreshMillis, LongSupplier clock) {
    this.store = store;
    this.tileSize = tileSize;
    this.refreshMillis = refreshMillis;
    this.clock = clock;
  }

  public static LiveProtectedAreas of(ProtectedAreaStore store, int tileSize) {
    return new LiveProtectedAreas(store, tileSize, REFRESH_MILLIS, System::currentTimeMillis);
  }

  @Override
  public ProtectedAreas get() {
    long now = clock.getAsLong();
    if (!checked || now - checkedAt >= refreshMillis) {
      synchronized (this) {
        if (!checked || now - checkedAt >= refreshMillis) {
          refresh();
          checkedAt = now;
          checked = true;
        }
      }
    }
    return current;
  }

  private void refresh() {
    try {
      // The version first: a change landing between the two reads makes the next refresh read again.
      long version = store.version();
      if (version != knownVersion) {
        current = ProtectedAreas.of(store.all(), tileSize);
        knownVersion = version;
      }
    } catch (RuntimeException e) {
      LOG.warn("reading the protected areas failed, keeping the {} known: {}", current.all().size(), e.toString());
    }
  }
}
