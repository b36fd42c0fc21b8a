package dev.place.shared.moderation;

import java.util.ArrayList;
import java.util.List;

/** The audit log in memory; {@link #failing} makes the next appends throw, as an unreachable Cassandra would. */
public final class InMemoryAuditLog implements AuditLog {

  public final List<AuditEntry> entries = new ArrayList<>();
  public boolean failing;

  @Override
  public synchronized void append(AuditEntry entry) {
    if (failing) {
      throw new IllegalStateException("Cassandra unreachable");
    }
    entries.add(entry);
  }

  @Override
  public synchronized List<AuditEntry> newest(int limit) {
    List<AuditEntry> newest = new ArrayList<>(entries);
    java.util.Collections.reverse(newest);
    return newest.subList(0, Math.min(limit, newest.size()));
  }
}
