package dev.place.shared.history;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.place.shared.canvas.TileId;
import dev.place.shared.event.PixelEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares the event log's {@code (tile, seq)} set with {@code pixel_events_by_day_v2} (over all its buckets), per UTC day and
 * tile: what is in Kafka but not in Cassandra is history that was lost (or not written yet).
 */
public final class HistoryCheck {

  /** One day and tile: how many events Kafka has, how many of those Cassandra has, and which are missing. */
  public record DayTile(LocalDate day, String tile, int inKafka, int inCassandra, List<Long> missingSeqs) {
    public int missing() {
      return missingSeqs.size();
    }
  }

  private final Map<LocalDate, Map<String, Set<Long>>> kafka = new TreeMap<>();

  /** Adds events read from the log (duplicates from the journal relay count once). */
  public void addFromKafka(List<PixelEvent> events) {
    for (PixelEvent e : events) {
      LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(e.placedAtMillis()), ZoneOffset.UTC);
      kafka.computeIfAbsent(day, d -> new TreeMap<>()).computeIfAbsent(e.tile().toString(), t -> new HashSet<>())
          .add(e.seq());
    }
  }

  /** Every day and tile the log has, with what Cassandra lacks; read from {@code session}'s keyspace. */
  public List<DayTile> compare(CqlSession session) {
    List<DayTile> result = new ArrayList<>();
    TileDayEvents reader = new TileDayEvents(session);
    kafka.forEach((day, tiles) -> tiles.forEach((tile, seqs) -> {
      Set<Long> stored = new HashSet<>();
      for (PixelEvent e : reader.read(TileId.parse(tile), day, Long.MIN_VALUE)) {
        stored.add(e.seq());
      }
      List<Long> missing = seqs.stream().filter(s -> !stored.contains(s)).sorted().toList();
      result.add(new DayTile(day, tile, seqs.size(), seqs.size() - missing.size(), missing));
    }));
    return result;
  }
}
