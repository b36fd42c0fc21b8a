package dev.place.shared.kafka;

import dev.place.shared.canvas.TileId;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.placement.EventPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes pixel events keyed by tile, so one tile's events share a partition. */
public final class KafkaEventPublisher implements EventPublisher, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaEventPublisher.class);

  private final Producer<String, byte[]> producer;
  private final String topic;

  public KafkaEventPublisher(PlaceConfig config) {
    this(new KafkaProducer<>(KafkaSettings.producer(config)), config.kafkaTopic());
  }

  public KafkaEventPublisher(Producer<String, byte[]> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  @Override
  public boolean publish(TileId tile, String eventJson, Duration timeout) {
    try {
      producer.send(new ProducerRecord<>(topic, tile.toString(), eventJson.getBytes(StandardCharsets.UTF_8)))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      LOG.warn("publishing to {} failed: {}", topic, e.toString());
      return false;
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
