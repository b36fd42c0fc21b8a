package dev.place.functions.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class HistoryLagTest {

  private static final TopicPartition P0 = new TopicPartition("pixel-events", 0);
  private static final TopicPartition P1 = new TopicPartition("pixel-events", 1);

  @Test
  void aWriterThatCommittedEverythingHasNoLag() {
    HistoryLag lag = HistoryLag.of(Map.of(P0, 40L, P1, 7L), Map.of(P0, 0L, P1, 0L), Map.of(P0, 40L, P1, 7L),
        Map.of(P0, -1L, P1, -1L));

    assertThat(lag).isEqualTo(new HistoryLag(0, 0));
  }

  @Test
  void unwrittenEventsYoungerThanTheLimitAreLagButNotAStall() {
    // P0: offsets 30..39 are recent (first recent 30), the writer is at 35.
    HistoryLag lag = HistoryLag.of(Map.of(P0, 35L, P1, 7L), Map.of(P0, 0L, P1, 0L), Map.of(P0, 40L, P1, 7L),
        Map.of(P0, 30L, P1, -1L));

    assertThat(lag).isEqualTo(new HistoryLag(5, 0));
  }

  @Test
  void anUnwrittenEventOlderThanTheLimitStallsItsPartition() {
    // P1: every record is old (-1) and the writer is still at 3 of 7.
    HistoryLag lag = HistoryLag.of(Map.of(P0, 40L, P1, 3L), Map.of(P0, 0L, P1, 0L), Map.of(P0, 40L, P1, 7L),
        Map.of(P0, -1L, P1, -1L));

    assertThat(lag).isEqualTo(new HistoryLag(4, 1));
  }

  @Test
  void aGroupThatNeverCommittedCountsFromThePartitionsFirstRecord() {
    HistoryLag lag = HistoryLag.of(Map.of(), Map.of(P0, 10L), Map.of(P0, 25L), Map.of(P0, 20L));

    assertThat(lag).isEqualTo(new HistoryLag(15, 1));
  }
}
