package dev.place.shared.kafka;

import dev.place.shared.canvas.TileId;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.placement.EventPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes pixel events keyed by tile, so one tile's events share a partition. The producer (its
 * network thread and broker connections) is created by the first publish, not by the constructor:
 * handlers are built in Lambda's init phase, which SnapStart snapshots.
 */
public final class KafkaEventPublisher implements EventPublisher, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaEventPublisher.class);

  private final Supplier<Producer<String, byte[]>> factory;
  private final String topic;
  private volatile Producer<String, byte[]> producer;
  private boolean closed;

  public KafkaEventPublisher(PlaceConfig config) {
    this(() -> new KafkaProducer<>(KafkaSettings.producer(config)), config.kafkaTopic());
  }

  public KafkaEventPublisher(Producer<String, byte[]> producer, String topic) {
    this(() -> producer, topic);
  }

  KafkaEventPublisher(Supplier<Producer<String, byte[]>> factory, String topic) {
    this.factory = factory;
    this.topic = topic;
  }

  private Producer<String, byte[]> producer() {
    Producer<String, byte[]> p = producer;
    if (p != null) {
      return p;
    }
    synchronized (this) {
      if (closed) {
        throw new KafkaException("the publisher is closed");
      }
      if (producer == null) {
        producer = factory.get();
      }
      return producer;
    }
  }

  /** Whether a publish has created the producer yet (for tests: construction must not). */
  boolean started() {
    return producer != null;
  }

  @Override
  public boolean publish(TileId tile, String eventJson, Duration timeout) {
    return publish(tile, eventJson, timeout, () -> {});
  }

  /**
   * Sends without flushing: concurrent invocations' records ride the same produce request (the
   * producer's linger), and each caller waits only for its own record's acknowledgement.
   */
  @Override
  public boolean publish(TileId tile, String eventJson, Duration timeout, Runnable lateAcknowledgement) {
    LateAcknowledgement late = new LateAcknowledgement(lateAcknowledgement);
    try {
      producer().send(new ProducerRecord<>(topic, tile.toString(), eventJson.getBytes(StandardCharsets.UTF_8)), late)
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      late.abandon();
      return false;
    } catch (TimeoutException e) {
      // The producer keeps trying until its delivery timeout (KafkaSettings): it may still succeed.
      late.abandon();
      LOG.warn("publishing to {} not acknowledged within {}", topic, timeout);
      return false;
    } catch (ExecutionException | KafkaException e) {
      LOG.warn("publishing to {} failed: {}", topic, e.toString());
      return false;
    }
  }

  /**
   * Hands the record to the producer and returns at once; the producer's callback settles the future
   * (true on acknowledgement, false on failure) within the delivery timeout (KafkaSettings), so
   * {@code timeout} is not needed here. Only a producer that cannot even take the record (closed, or no
   * metadata within its max block time) answers false before returning.
   */
  @Override
  public CompletableFuture<Boolean> send(TileId tile, String eventJson, Duration timeout) {
    CompletableFuture<Boolean> acknowledged = new CompletableFuture<>();
    try {
      producer().send(new ProducerRecord<>(topic, tile.toString(), eventJson.getBytes(StandardCharsets.UTF_8)),
          (metadata, failure) -> {
            if (failure != null) {
              // Debug only: a caller sending hundreds at once reports the batch's outcome itself.
              LOG.debug("publishing to {} failed: {}", topic, failure.toString());
            }
            acknowledged.complete(failure == null);
          });
    } catch (KafkaException | IllegalStateException e) {
      // Never thrown at the caller: it wrote the event to its journal already, the relay publishes it.
      LOG.warn("publishing to {} failed: {}", topic, e.toString());
      acknowledged.complete(false);
    }
    return acknowledged;
  }

  /**
   * Runs the caller's action if the record is acknowledged after the caller stopped waiting, whichever
   * of the two (the acknowledgement on the producer's thread, the caller giving up) comes second.
   */
  static final class LateAcknowledgement implements Callback {
    private final Runnable action;
    private boolean acknowledged;
    private boolean abandoned;

    LateAcknowledgement(Runnable action) {
      this.action = action;
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception failure) {
      if (failure == null && mark(true, false)) {
        action.run();
      }
    }

    void abandon() {
      if (mark(false, true)) {
        action.run();
      }
    }

    /** Records one side; true exactly once, for the second of an acknowledgement and an abandon. */
    private synchronized boolean mark(boolean ack, boolean abandon) {
      boolean before = acknowledged && abandoned;
      acknowledged |= ack;
      abandoned |= abandon;
      return !before && acknowledged && abandoned;
    }
  }

  /**
   * Starts the producer and fetches the topic's metadata (broker connections, idempotent producer id)
   * without sending a record, so the first publish does not pay for it: a priming step for warm
   * environments (the local cloud's; a SnapStart restore hook could call it too).
   */
  public void warm() {
    producer().partitionsFor(topic);
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }
}
