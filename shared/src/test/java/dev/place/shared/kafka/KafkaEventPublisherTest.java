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
}
