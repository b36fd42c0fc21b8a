package dev.place.shared.history;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.place.shared.moderation.AuditEntry;
import dev.place.shared.moderation.AuditLog;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The audit log in the {@code moderation_actions} table ({@code schema/history.cql}): one partition
 * per UTC month, newest first within it. {@link #newest} reads the current month, then earlier ones,
 * until it has enough or has looked {@value #MONTHS_BACK} months back: an older entry stays in the
 * table (a CQL query finds it) but this route no longer lists it.
 */
public final class CassandraAuditLog implements AuditLog {

  static final int MONTHS_BACK = 24;

  private final CqlSession session;
  private final LongSupplier clock;
  private final PreparedStatement insert;
  private final PreparedStatement selectMonth;
  private final PreparedStatement selectOne;

  public CassandraAuditLog(CqlSession session, LongSupplier clock) {
    this.session = session;
    this.clock = clock;
    this.insert = session.prepare("INSERT INTO moderation_actions (month, at, id, moderator, moderator_role, action, target, "
        + "parameters, reason, changes, pixels_changed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    this.selectMonth = session.prepare("SELECT at, id, moderator, moderator_role, action, target, parameters, reason, changes, "
        + "pixels_changed FROM moderation_actions WHERE month = ? LIMIT ?");
    this.selectOne = session.prepare("SELECT at, id, moderator, moderator_role, action, target, parameters, reason, changes, "
        + "pixels_changed FROM moderation_actions WHERE month = ? AND at = ? AND id = ?");
  }

  public CassandraAuditLog(CqlSession session) {
    this(session, System::currentTimeMillis);
  }

  /** {@code yyyymm} of the instant, in UTC. */
  static int month(long atMillis) {
    YearMonth m = YearMonth.from(Instant.ofEpochMilli(atMillis).atZone(ZoneOffset.UTC));
    return m.getYear() * 100 + m.getMonthValue();
  }

  @Override
  public void append(AuditEntry e) {
    session.execute(insert.bind(month(e.atMillis()), Instant.ofEpochMilli(e.atMillis()), e.id(), e.moderator(),
        e.moderatorRole(), e.action(), e.target(), e.parameters(), e.reason(), e.changes(), e.pixelsChanged()));
  }

  @Override
  public List<AuditEntry> newest(int limit) {
    List<AuditEntry> entries = new ArrayList<>(Math.min(limit, 1000));
    YearMonth month = YearMonth.from(Instant.ofEpochMilli(clock.getAsLong()).atZone(ZoneOffset.UTC));
    for (int back = 0; back < MONTHS_BACK && entries.size() < limit; back++, month = month.minusMonths(1)) {
      int key = month.getYear() * 100 + month.getMonthValue();
      for (Row row : session.execute(selectMonth.bind(key, limit - entries.size()))) {
        entries.add(entry(row));
      }
    }
    return entries;
  }

  @Override
  public Optional<AuditEntry> find(String id, long atMillis) {
    Row row = session.execute(selectOne.bind(month(atMillis), Instant.ofEpochMilli(atMillis), id)).one();
    return row == null ? Optional.empty() : Optional.of(entry(row));
  }

  private static AuditEntry entry(Row row) {
    return new AuditEntry(row.getString("id"), row.getInstant("at").toEpochMilli(), row.getString("moderator"),
        row.getString("moderator_role"), row.getString("action"), row.getString("target"), row.getString("parameters"),
        row.getString("reason"), row.getString("changes"), row.getInt("pixels_changed"));
  }
}
