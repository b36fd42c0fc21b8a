package dev.place.shared.moderation;

import java.util.List;
import java.util.Optional;

/** The moderation audit log (Cassandra in production: {@code dev.place.shared.history.CassandraAuditLog}). */
public interface AuditLog {

  /** Appends the entry, or replaces the one of the same id and time; throws if it could not be stored. */
  void append(AuditEntry entry);

  /** The newest {@code limit} entries, newest first. */
  List<AuditEntry> newest(int limit);

  /** The entry of {@code id} logged at {@code atMillis}, if there is one. */
  Optional<AuditEntry> find(String id, long atMillis);
}
