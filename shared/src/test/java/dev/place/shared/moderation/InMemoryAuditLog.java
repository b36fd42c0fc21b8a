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
    // As Cassandra: an entry of the same id and time replaces the one logged before.
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).id().equals(entry.id()) && entries.get(i).atMillis() == entry.atMillis()) {
        entries.set(i, entry);
        return;
      }
    }
    entries.add(entry);
  }

  @Override
  public synchronized java.util.Optional<AuditEntry> find(String id, long atMillis) {
    if (failing) {
      throw new IllegalStateException("Cassandra unreachable");
    }
    return entries.stream().filter(e -> e.id().equals(id) && e.atMillis() == atMillis).findFirst();
  }

  @Override
  public synchronized List<AuditEntry> newest(int limit) {
    if (failing) {
      throw new IllegalStateException("Cassandra unreachable");
    }
    List<AuditEntry> newest = new ArrayList<>(entries);
    java.util.Collections.reverse(newest);
    return newest.subList(0, Math.min(limit, newest.size()));
  }
}
