package dev.place.shared.history;

import dev.place.shared.config.PlaceConfig;
import dev.place.shared.event.MalformedEventException;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.event.PixelEventCodec;
import dev.place.shared.kafka.KafkaSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the event log from a start point up to its end as it was when the read began, without a
 * consumer group: neither the history writer's committed offsets nor anybody else's move. The basis
 * of {@code cli/place rebuild-history} and {@code check-history}.
 */
public final class EventLogReplay {

  /** Where to start: every partition's first record, a time, or the same offset in every partition. */
  public record Start(Instant from, Long fromOffset) {
    public static final Start BEGINNING = new Start(null, null);

    public Start {
      if (from != null && fromOffset != null) {
        throw new IllegalArgumentException("give --from or --from-offset, not both");
      }
      if (fromOffset != null && fromOffset < 0) {
        throw new IllegalArgumentException("--from-offset must be 0 or more, got " + fromOffset);
      }
    }

    public static Start at(Instant from) {
      return new Start(from, null);
    }

    public static Start atOffset(long offset) {
      return new Start(null, offset);
    }
  }

  /** How far a read has come: records read so far of the total between the start and the end. */
  public record Progress(long read, long total) {
    public int percent() {
      return total == 0 ? 100 : (int) Math.min(100, read * 100 / total);
    }
  }

  private static final int BATCH = 500;

  private EventLogReplay() {}

  /**
   * Hands every event from {@code start} up to the log's current end to {@code batches}, in
   * partition order, in batches of up to {@value #BATCH}. A record that cannot be decoded is
   * counted and skipped, as the history writer does.
   *
   * @return the number of records skipped as malformed
   */
  public static long read(PlaceConfig config, Start start, Consumer<List<PixelEvent>> batches,
      Consumer<Progress> progress) {
    Properties p = KafkaSettings.consumer(config, "place-history-replay");
    p.put(org.apache.kafka.clients.consumer.ConsumerConfig.MAX_POLL_RECORDS_CONFIG, BATCH);
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions = consumer.partitionsFor(config.kafkaTopic(), Duration.ofSeconds(30)).stream()
          .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      consumer.assign(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      Map<TopicPartition, Long> first = consumer.beginningOffsets(partitions, Duration.ofSeconds(30));
      Map<TopicPartition, Long> from = new HashMap<>();
      if (start.from() != null) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, start.from().toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, Duration.ofSeconds(30));
        partitions.forEach(tp -> from.put(tp, found.get(tp) == null ? end.get(tp) : found.get(tp).offset()));
      } else {
        long offset = start.fromOffset() == null ? 0 : start.fromOffset();
        partitions.forEach(tp -> from.put(tp, Math.min(end.get(tp), Math.max(first.get(tp), offset))));
      }
      long total = 0;
      for (TopicPartition tp : partitions) {
        consumer.seek(tp, from.get(tp));
        total += end.get(tp) - from.get(tp);
      }
      long read = 0;
      long skipped = 0;
      progress.accept(new Progress(0, total));
      List<TopicPartition> open = new ArrayList<>(partitions.stream().filter(tp -> from.get(tp) < end.get(tp)).toList());
      consumer.assign(open);
      while (!open.isEmpty()) {
        List<PixelEvent> batch = new ArrayList<>(BATCH);
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          TopicPartition tp = new TopicPartition(r.topic(), r.partition());
          if (r.offset() >= end.get(tp)) {
            continue;
          }
          read++;
          try {
            batch.add(PixelEventCodec.decode(r.value()));
          } catch (MalformedEventException | IllegalArgumentException | NullPointerException e) {
            skipped++;
          }
        }
        if (!batch.isEmpty()) {
          batches.accept(batch);
        }
        progress.accept(new Progress(read, total));
        boolean changed = open.removeIf(tp -> consumer.position(tp) >= end.get(tp));
        if (changed) {
          consumer.assign(open);
        }
      }
      return skipped;
    }
  }
}
