package dev.place.shared.moderation;

import java.util.List;

/** The moderation audit log (Cassandra in production: {@code dev.place.shared.history.CassandraAuditLog}). */
public interface AuditLog {

  /** Appends the entry; throws if it could not be stored (then the action must not be applied). */
  void append(AuditEntry entry);

  /** The newest {@code limit} entries, newest first. */
  List<AuditEntry> newest(int limit);
}
