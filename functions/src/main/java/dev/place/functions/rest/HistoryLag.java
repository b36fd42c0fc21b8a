package dev.place.functions.rest;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the history writer (its consumer group's committed offsets) is behind the event log.
 * Its offsets are committed only after the history write succeeded, so "committed" is exactly
 * "durably written": a failing writer shows here as a lag that ages, whatever the reason.
 *
 * @param lagRecords        events in Kafka not yet written to history
 * @param stalledPartitions partitions where an event older than the allowed lag is still unwritten
 */
record HistoryLag(long lagRecords, int stalledPartitions) {

  /**
   * @param committed   the group's committed offsets (a partition without one starts at its earliest)
   * @param earliest    each partition's first offset
   * @param latest      each partition's end offset
   * @param firstRecent each partition's first offset whose record is younger than the allowed lag,
   *                    or -1 when every record is older (Kafka's answer to a timestamp look-up)
   */
  static HistoryLag of(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> earliest,
      Map<TopicPartition, Long> latest, Map<TopicPartition, Long> firstRecent) {
    long lag = 0;
    int stalled = 0;
    for (Map.Entry<TopicPartition, Long> end : latest.entrySet()) {
      TopicPartition tp = end.getKey();
      long from = Math.max(committed.getOrDefault(tp, earliest.getOrDefault(tp, 0L)), earliest.getOrDefault(tp, 0L));
      long behind = Math.max(0, end.getValue() - from);
      lag += behind;
      long recent = firstRecent.getOrDefault(tp, -1L);
      long firstYoung = recent < 0 ? end.getValue() : recent;
      if (from < firstYoung) {
        stalled++;
      }
    }
    return new HistoryLag(lag, stalled);
  }
}
