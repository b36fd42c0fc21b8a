package dev.place.local.it;

import dev.place.shared.canvas.CanvasGeometry;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.event.PixelEvent;
import dev.place.shared.event.PixelEventCodec;
import dev.place.shared.history.CassandraSessions;
import dev.place.shared.history.HistoryStore;
import dev.place.shared.kafka.KafkaSettings;
import dev.place.shared.redis.ConnectionRegistry;
import dev.place.shared.redis.RedisCanvasStore;
import dev.place.shared.redis.RedisConnector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Direct clients of the three engines, for checking what the system stored. */
final class Stores implements AutoCloseable {

  final PlaceConfig config;
  final CanvasGeometry canvas;
  final RedisConnector redis;
  final RedisCanvasStore canvasStore;
  final HistoryStore history;
  private final com.datastax.oss.driver.api.core.CqlSession session;

  Stores(PlaceConfig config) {
    this.config = config;
    this.canvas = new CanvasGeometry(config.canvasWidth(), config.canvasHeight(), config.tileSize());
    this.redis = new RedisConnector(config);
    this.canvasStore = new RedisCanvasStore(redis, canvas);
    this.session = CassandraSessions.open(config);
    this.history = new HistoryStore(session);
  }

  /** Every pixel event in the topic, from the beginning, read until {@code done} holds or time runs out. */
  List<PixelEvent> kafkaEvents(Predicate<List<PixelEvent>> done, Duration timeout) {
    List<PixelEvent> events = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaSettings.consumer(config, "it-reader"))) {
      List<TopicPartition> partitions = consumer.partitionsFor(config.kafkaTopic()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.test(events) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          events.add(PixelEventCodec.decode(r.value()));
        }
      }
    }
    return events;
  }

  /** One registered connection of the user, or null. */
  String registryConnectionOf(String userId) {
    return new ConnectionRegistry(redis, config.registryBuckets()).all().entrySet().stream()
        .filter(e -> e.getValue().equals(userId)).map(java.util.Map.Entry::getKey).findFirst().orElse(null);
  }

  @Override
  public void close() {
    session.close();
    redis.close();
  }
}
