package dev.place.local.msk;

import dev.place.local.lambda.LambdaFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
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
 * Emulates a Lambda event source mapping for MSK: pollers of one consumer group read the topic,
 * each gathers a batch (up to {@code batchSize} records or {@code batchingWindow}), invokes the
 * function with the MSK event, and commits offsets only after the function succeeded. A failed
 * batch is retried from its first offsets with back-off, so records are delivered at least once
 * and in partition order.
 *
 * <p>Concurrency is as in AWS: a partition is read by one poller at a time and its batches are
 * invoked one after another, so at most {@code min(concurrency, partitions)} invocations run at
 * once (Lambda's Kafka mappings scale to at most one concurrent invocation per partition).
 */
public final class KafkaEventSourceMapping implements AutoCloseable {

  /** How a mapping batches and how many pollers (concurrent invocations) it runs. */
  public record Settings(int batchSize, Duration batchingWindow, int concurrency) {
    /**
     * The history writer's mapping: 1,000-record batches (the CDK mapping's size too), 200 ms
     * window, 4 pollers over the topic's 12 partitions (AWS would run up to 12). A 1,000-event
     * invocation is ~100 unlogged batch requests (HistoryStore). Figures: local/bench-history,
     * docs/benchmarks.md (History ingest).
     */
    public static final Settings HISTORY_WRITER = new Settings(1000, Duration.ofMillis(200), 4);

    /** The moderation worker's mapping: one poller (the topic has one partition), small batches, little wait. */
    public static final Settings MODERATION_WORKER = new Settings(10, Duration.ofMillis(50), 1);

    public Settings {
      if (batchSize < 1 || concurrency < 1) {
        throw new IllegalArgumentException("batch size and concurrency must be positive");
      }
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(KafkaEventSourceMapping.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final LambdaFunction function;
  private final String topic;
  private final String bootstrapServers;
  private final String clusterArn;
  private final Settings settings;
  private final List<Poller> pollers = new ArrayList<>();
  private volatile boolean running = true;
  private final AtomicLong invocations = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong recordsDelivered = new AtomicLong();

  public KafkaEventSourceMapping(String bootstrapServers, String topic, String consumerGroup, LambdaFunction function,
      int batchSize, Duration batchingWindow) {
    this(bootstrapServers, topic, consumerGroup, function, new Settings(batchSize, batchingWindow, 1));
  }

  public KafkaEventSourceMapping(String bootstrapServers, String topic, String consumerGroup, LambdaFunction function,
      Settings settings) {
    this.function = function;
    this.topic = topic;
    this.bootstrapServers = bootstrapServers;
    this.clusterArn = "arn:aws:kafka:us-east-1:000000000000:cluster/local/" + consumerGroup;
    this.settings = settings;
    for (int i = 0; i < settings.concurrency(); i++) {
      pollers.add(new Poller(consumer(bootstrapServers, consumerGroup, settings.batchSize()), i));
    }
  }

  private static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers, String consumerGroup, int batchSize) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, consumerGroup);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // A new mapping starts at the oldest record (MSK's StartingPosition TRIM_HORIZON): history misses nothing.
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batchSize);
    // The mapping waits for a batch anyway (its batching window): let the broker gather records for up to
    // 100 ms (or 64 KiB) per fetch rather than answer every produce request with a fetch of its own.
    p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024);
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return new KafkaConsumer<>(p);
  }

  public void start() {
    for (Poller poller : pollers) {
      poller.consumer.subscribe(List.of(topic));
      poller.thread.start();
    }
  }

  public Settings settings() {
    return settings;
  }

  public long invocations() {
    return invocations.get();
  }

  public long failures() {
    return failures.get();
  }

  /** Records in batches the function processed successfully (a retried batch counts once, when it succeeds). */
  public long recordsDelivered() {
    return recordsDelivered.get();
  }

  /** One consumer of the group and the thread that invokes the function with its batches. */
  private final class Poller {
    final KafkaConsumer<byte[], byte[]> consumer;
    final Thread thread;

    Poller(KafkaConsumer<byte[], byte[]> consumer, int index) {
      this.consumer = consumer;
      this.thread = new Thread(this::run, "esm-" + function.name() + "-" + index);
    }

    private void run() {
      List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(settings.batchSize());
      long windowEnd = 0;
      Duration backoff = Duration.ofMillis(100);
      while (running) {
        try {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
            if (batch.isEmpty()) {
              windowEnd = System.currentTimeMillis() + settings.batchingWindow().toMillis();
            }
            batch.add(r);
          }
          if (batch.isEmpty() || (batch.size() < settings.batchSize() && System.currentTimeMillis() < windowEnd)) {
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
      invocations.incrementAndGet();
      try {
        function.invoke(MskEventJson.of(clusterArn, bootstrapServers, batch));
      } catch (RuntimeException e) {
        failures.incrementAndGet();
        LOG.warn("{} failed on a batch of {} records; retrying it: {}", function.name(), batch.size(), e.getMessage());
        return false;
      }
      Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
      for (ConsumerRecord<byte[], byte[]> r : batch) {
        next.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
      }
      consumer.commitSync(next);
      recordsDelivered.addAndGet(batch.size());
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
  }

  @Override
  public void close() {
    running = false;
    pollers.forEach(p -> p.consumer.wakeup());
    for (Poller p : pollers) {
      try {
        p.thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      p.consumer.close(Duration.ofSeconds(2));
    }
  }
}
