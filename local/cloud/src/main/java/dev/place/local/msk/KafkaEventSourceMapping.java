package dev.place.local.msk;

import dev.place.local.lambda.LambdaFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emulates a Lambda event source mapping for MSK: a consumer group polls the topic, gathers a batch
 * (up to {@code batchSize} records or {@code batchingWindow}), invokes the function with the MSK
 * event, and commits offsets only after the function succeeded. A failed batch is retried from
 * its first offsets with back-off, so records are delivered at least once and in partition order.
 */
public final class KafkaEventSourceMapping implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaEventSourceMapping.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final LambdaFunction function;
  private final String topic;
  private final String bootstrapServers;
  private final String clusterArn;
  private final int batchSize;
  private final Duration batchingWindow;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long invocations;
  private volatile long failures;

  public KafkaEventSourceMapping(String bootstrapServers, String topic, String consumerGroup, LambdaFunction function,
      int batchSize, Duration batchingWindow) {
    this.function = function;
    this.topic = topic;
    this.bootstrapServers = bootstrapServers;
    this.clusterArn = "arn:aws:kafka:us-east-1:000000000000:cluster/local/" + consumerGroup;
    this.batchSize = batchSize;
    this.batchingWindow = batchingWindow;
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, consumerGroup);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // A new mapping starts at the oldest record (MSK's StartingPosition TRIM_HORIZON): history misses nothing.
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batchSize);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    this.consumer = new KafkaConsumer<>(p);
    this.thread = new Thread(this::run, "esm-" + function.name());
  }

  public void start() {
    consumer.subscribe(List.of(topic));
    thread.start();
  }

  public long invocations() {
    return invocations;
  }

  public long failures() {
    return failures;
  }

  private void run() {
    List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(batchSize);
    long windowEnd = 0;
    Duration backoff = Duration.ofMillis(100);
    while (running) {
      try {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
          if (batch.isEmpty()) {
            windowEnd = System.currentTimeMillis() + batchingWindow.toMillis();
          }
          batch.add(r);
        }
        if (batch.isEmpty() || (batch.size() < batchSize && System.currentTimeMillis() < windowEnd)) {
          continue;
        }
        if (deliver(batch)) {
          backoff = Duration.ofMillis(100);
        } else {
          rewind(batch);
          Thread.sleep(backoff.toMillis());
          backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
        batch.clear();
      } catch (WakeupException e) {
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn("event source mapping for {} failed to poll, retrying: {}", function.name(), e.toString());
        if (!batch.isEmpty()) {
          rewind(batch);
          batch.clear();
        }
      }
    }
  }

  private boolean deliver(List<ConsumerRecord<byte[], byte[]>> batch) {
    invocations++;
    try {
      function.invoke(MskEventJson.of(clusterArn, bootstrapServers, batch));
    } catch (RuntimeException e) {
      failures++;
      LOG.warn("{} failed on a batch of {} records; retrying it: {}", function.name(), batch.size(), e.getMessage());
      return false;
    }
    Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : batch) {
      next.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
    }
    consumer.commitSync(next);
    return true;
  }

  private void rewind(List<ConsumerRecord<byte[], byte[]>> batch) {
    Map<TopicPartition, Long> first = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : batch) {
      first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
    }
    first.forEach((tp, offset) -> {
      if (consumer.assignment().contains(tp)) {
        consumer.seek(tp, offset);
      }
    });
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    consumer.close(Duration.ofSeconds(2));
  }
}
