package dev.place.shared.kafka;

import dev.place.shared.config.PlaceConfig;
import dev.place.shared.moderation.ActionQueue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The moderation queue on its own one-partition topic ({@code PLACE_MODERATION_TOPIC}): the record
 * is the action's id, the worker reads the rest from the audit log. One partition is what makes the
 * actions apply one at a time, in order (an event source mapping runs one invocation per partition).
 * The producer is created by the first submit, not in the Lambda init phase.
 */
public final class KafkaActionQueue implements ActionQueue, AutoCloseable {

  /** One key for every action: they all go to the same partition even if the topic had more. */
  static final String KEY = "moderation";

  private final Supplier<Producer<String, byte[]>> factory;
  private final String topic;
  private final Duration timeout;
  private Producer<String, byte[]> producer;

  public KafkaActionQueue(PlaceConfig config) {
    this(() -> new KafkaProducer<>(KafkaSettings.producer(config)), config.moderationTopic(), config.produceTimeout());
  }

  KafkaActionQueue(Supplier<Producer<String, byte[]>> factory, String topic, Duration timeout) {
    this.factory = factory;
    this.topic = topic;
    this.timeout = timeout;
  }

  @Override
  public void submit(String actionId) {
    try {
      producer().send(new ProducerRecord<>(topic, KEY, actionId.getBytes(StandardCharsets.UTF_8)))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while queueing " + actionId, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the moderation queue (" + topic + ") did not take " + actionId + ": " + e, e);
    }
  }

  private synchronized Producer<String, byte[]> producer() {
    if (producer == null) {
      producer = factory.get();
    }
    return producer;
  }

  @Override
  public synchronized void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }
}
