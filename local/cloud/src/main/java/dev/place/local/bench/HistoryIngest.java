package dev.place.local.bench;

import dev.place.shared.kafka.KafkaSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The history writer's progress as Kafka sees it: the offsets its consumer group has committed (the
 * emulated event source mapping commits a batch only after the writer put it into Cassandra) against
 * the topic's end offsets. Committed offsets over time are events/s reaching Cassandra; end minus
 * committed is the lag.
 */
final class HistoryIngest implements AutoCloseable {

  record Position(long nanos, long committed, long end) {
    long lag() {
      return end - committed;
    }
  }

  private final Admin admin;
  private final String topic;

  HistoryIngest(String bootstrap, String topic) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    this.admin = Admin.create(p);
    this.topic = topic;
  }

  Position now() {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed = admin
          .listConsumerGroupOffsets(KafkaSettings.HISTORY_CONSUMER_GROUP).partitionsToOffsetAndMetadata()
          .get(30, TimeUnit.SECONDS);
      int partitions = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
          .get(topic).partitions().size();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int i = 0; i < partitions; i++) {
        latest.put(new TopicPartition(topic, i), OffsetSpec.latest());
      }
      long end = 0;
      for (var e : admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values()) {
        end += e.offset();
      }
      long done = 0;
      for (var e : committed.entrySet()) {
        if (e.getKey().topic().equals(topic) && e.getValue() != null) {
          done += e.getValue().offset();
        }
      }
      return new Position(System.nanoTime(), done, end);
    } catch (Exception e) {
      throw new IllegalStateException("could not read the history writer's offsets", e);
    }
  }

  /** Events/s committed between two positions. */
  static double rate(Position from, Position to) {
    double seconds = (to.nanos() - from.nanos()) / 1e9;
    return seconds <= 0 ? Double.NaN : (to.committed() - from.committed()) / seconds;
  }

  @Override
  public void close() {
    admin.close();
  }
}
