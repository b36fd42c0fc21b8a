package dev.place.shared.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.canvas.TileId;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaEventPublisherTest {

  @Test
  void theProducerIsCreatedByTheFirstPublishNotByTheConstructor() {
    AtomicInteger created = new AtomicInteger();
    MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    KafkaEventPublisher publisher = new KafkaEventPublisher(() -> {
      created.incrementAndGet();
      return producer;
    }, "pixel-events");

    assertThat(created).hasValue(0); // a SnapStart snapshot of the init phase holds no producer
    assertThat(publisher.started()).isFalse();

    assertThat(publisher.publish(new TileId(1, 2), "{\"v\":1}", Duration.ofSeconds(1))).isTrue();
    assertThat(publisher.publish(new TileId(1, 2), "{\"v\":1}", Duration.ofSeconds(1))).isTrue();

    assertThat(created).hasValue(1);
    assertThat(producer.history()).hasSize(2);
    assertThat(producer.history().get(0).key()).isEqualTo("1:2");
    publisher.close();
    assertThat(producer.closed()).isTrue();
  }

  @Test
  void closingAPublisherThatNeverPublishedCreatesNothingAndLaterPublishesFail() {
    AtomicInteger created = new AtomicInteger();
    KafkaEventPublisher publisher = new KafkaEventPublisher(() -> {
      created.incrementAndGet();
      return new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    }, "pixel-events");

    publisher.close();

    assertThat(publisher.publish(new TileId(0, 0), "{}", Duration.ofSeconds(1))).isFalse();
    assertThat(created).hasValue(0);
  }

  @Test
  void anAcknowledgementAfterTheWaitEndedRunsTheLateActionOnce() {
    MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    KafkaEventPublisher publisher = new KafkaEventPublisher(producer, "pixel-events");
    AtomicInteger late = new AtomicInteger();

    assertThat(publisher.publish(new TileId(0, 0), "{}", Duration.ofMillis(5), late::incrementAndGet)).isFalse();
    assertThat(late).hasValue(0); // not yet acknowledged: nothing to trim

    producer.completeNext();
    assertThat(late).hasValue(1);
  }

  @Test
  void anAcknowledgementInTimeOrAFailureAfterTheWaitNeverRunsTheLateAction() {
    MockProducer<String, byte[]> acknowledging = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    AtomicInteger late = new AtomicInteger();
    assertThat(new KafkaEventPublisher(acknowledging, "pixel-events")
        .publish(new TileId(0, 0), "{}", Duration.ofSeconds(1), late::incrementAndGet)).isTrue();

    MockProducer<String, byte[]> failing = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    assertThat(new KafkaEventPublisher(failing, "pixel-events")
        .publish(new TileId(0, 0), "{}", Duration.ofMillis(5), late::incrementAndGet)).isFalse();
    failing.errorNext(new org.apache.kafka.common.errors.TimeoutException("delivery timeout"));

    assertThat(late).hasValue(0);
  }

  @Test
  void theLateActionRunsWhenTheAcknowledgementLandsBeforeTheWaiterGivesUp() {
    AtomicInteger late = new AtomicInteger();
    KafkaEventPublisher.LateAcknowledgement ack = new KafkaEventPublisher.LateAcknowledgement(late::incrementAndGet);

    ack.onCompletion(null, null); // acknowledged between the get() timing out and abandon()
    assertThat(late).hasValue(0);
    ack.abandon();
    ack.abandon();
    assertThat(late).hasValue(1);
  }

  @Test
  void sendHandsEveryRecordToTheProducerWithoutWaitingAndEachAcknowledgementSettlesItsOwnFuture() {
    MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    KafkaEventPublisher publisher = new KafkaEventPublisher(producer, "pixel-events");

    java.util.List<java.util.concurrent.CompletableFuture<Boolean>> sent = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      sent.add(publisher.send(new TileId(4, 5), "{\"seq\":" + i + "}", Duration.ofMillis(1)));
    }

    assertThat(producer.history()).as("all three in the producer before any acknowledgement").hasSize(3);
    assertThat(producer.history().get(2).key()).isEqualTo("4:5");
    assertThat(sent).noneMatch(java.util.concurrent.CompletableFuture::isDone);
    producer.completeNext();
    producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("delivery timeout"));
    assertThat(sent.get(0)).isCompletedWithValue(true);
    assertThat(sent.get(1)).as("a failure completes false, never exceptionally").isCompletedWithValue(false);
    assertThat(sent.get(2)).isNotDone();
    producer.completeNext(); // long after the caller's timeout: still an acknowledgement
    assertThat(sent.get(2)).isCompletedWithValue(true);
  }

  @Test
  void sendOnAClosedPublisherAnswersFalseAtOnce() {
    KafkaEventPublisher publisher = new KafkaEventPublisher(
        () -> new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()), "pixel-events");
    publisher.close();

    assertThat(publisher.send(new TileId(0, 0), "{}", Duration.ofSeconds(1))).isCompletedWithValue(false);
  }

  @Test
  void theProducerSettlesEveryRecordWithinTheDeliveryTimeoutTheRelayWaitsOut() {
    dev.place.shared.config.PlaceConfig config = dev.place.shared.config.PlaceConfig.from(name -> null);
    java.util.Properties p = KafkaSettings.producer(config);

    long delivery = ((Number) p.get(org.apache.kafka.clients.producer.ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG)).longValue();
    long request = ((Number) p.get(org.apache.kafka.clients.producer.ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG)).longValue();
    long linger = ((Number) p.get(org.apache.kafka.clients.producer.ProducerConfig.LINGER_MS_CONFIG)).longValue();
    assertThat(delivery).isEqualTo(request + linger).isEqualTo(KafkaSettings.deliveryTimeout(config).toMillis());
    // The fanout's relay waits max(5 s, 2 x produce timeout) before republishing a journal entry.
    assertThat(delivery).isLessThan(Math.max(5_000, config.produceTimeout().toMillis() * 2));
    assertThat(p.get(org.apache.kafka.clients.producer.ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG)).isEqualTo(true);
  }
}
