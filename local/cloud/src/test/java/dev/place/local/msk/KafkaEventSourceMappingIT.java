package dev.place.local.msk;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import dev.place.local.LocalCloud;
import dev.place.local.it.SharedCloud;
import dev.place.local.lambda.LambdaFunction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The emulated MSK event source mapping, on the real broker of the shared local cloud. */
class KafkaEventSourceMappingIT {

  /** Fails its first two invocations, then records what it was given. */
  public static final class FlakyHandler implements RequestHandler<KafkaEvent, String> {
    static final AtomicInteger calls = new AtomicInteger();
    static final List<String> seen = new CopyOnWriteArrayList<>();

    @Override
    public String handleRequest(KafkaEvent event, Context context) {
      if (calls.incrementAndGet() <= 2) {
        throw new IllegalStateException("downstream unavailable");
      }
      event.getRecords().values().forEach(records -> records.forEach(
          r -> seen.add(new String(Base64.getDecoder().decode(r.getValue()), StandardCharsets.UTF_8))));
      return "ok";
    }
  }

  @Test
  void aFailedBatchIsRetriedUntilTheFunctionSucceedsAndNoRecordIsLost() throws Exception {
    LocalCloud cloud = SharedCloud.get();
    String bootstrap = cloud.config().kafkaBootstrap();
    String topic = "esm-it-" + UUID.randomUUID();
    try (Admin admin = Admin.create(java.util.Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
    }
      Properties producerProps = new Properties();
      producerProps.put("bootstrap.servers", bootstrap);
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
        for (int i = 0; i < 30; i++) {
          producer.send(new ProducerRecord<>(topic, "k" + (i % 4), "record-" + i)).get();
        }
      }
      String group = "esm-it-" + UUID.randomUUID();
      try (LambdaFunction function = LambdaFunction.builder("esm-it").handler(FlakyHandler.class).maxConcurrency(1).build();
          KafkaEventSourceMapping mapping = new KafkaEventSourceMapping(bootstrap, topic, group, function, 10, Duration.ofMillis(100))) {
        mapping.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (Set.copyOf(FlakyHandler.seen).size() < 30 && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        assertThat(Set.copyOf(FlakyHandler.seen)).hasSize(30);
        assertThat(mapping.failures()).isEqualTo(2);
      }
      // Offsets were committed only for delivered batches: a new mapping of the same group gets nothing again.
      int before = FlakyHandler.seen.size();
      try (LambdaFunction function = LambdaFunction.builder("esm-it-again").handler(FlakyHandler.class).build();
          KafkaEventSourceMapping again = new KafkaEventSourceMapping(bootstrap, topic, group, function, 10, Duration.ofMillis(100))) {
        again.start();
        Thread.sleep(3000);
        assertThat(FlakyHandler.seen).hasSize(before);
      }
    }

    /** Records each record's partition and offset in delivery order, and how many invocations overlapped. */
    public static final class SlowRecordingHandler implements RequestHandler<KafkaEvent, String> {
      static final java.util.Map<Integer, List<Long>> offsets = new java.util.concurrent.ConcurrentHashMap<>();
      static final AtomicInteger inFlight = new AtomicInteger();
      static final AtomicInteger maxInFlight = new AtomicInteger();

      @Override
      public String handleRequest(KafkaEvent event, Context context) {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
          Thread.sleep(150); // long enough for the other pollers' batches to overlap this one
          event.getRecords().values().forEach(records -> records.forEach(
              r -> offsets.computeIfAbsent(r.getPartition(), k -> new CopyOnWriteArrayList<>()).add(r.getOffset())));
          return "ok";
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        } finally {
          inFlight.decrementAndGet();
        }
      }
    }

    @Test
    void severalPollersInvokeConcurrentlyButEachPartitionStaysInOrderAndNothingIsLost() throws Exception {
      LocalCloud cloud = SharedCloud.get();
      String bootstrap = cloud.config().kafkaBootstrap();
      String topic = "esm-it-" + UUID.randomUUID();
      int partitions = 4;
      try (Admin admin = Admin.create(java.util.Map.of("bootstrap.servers", bootstrap))) {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
      }
      int records = 400;
      String group = "esm-it-" + UUID.randomUUID();
      KafkaEventSourceMapping.Settings settings = new KafkaEventSourceMapping.Settings(20, Duration.ofMillis(50), 2);
      try (LambdaFunction function = LambdaFunction.builder("esm-it-concurrent").handler(SlowRecordingHandler.class).maxConcurrency(2).build();
          KafkaEventSourceMapping mapping = new KafkaEventSourceMapping(bootstrap, topic, group, function, settings)) {
        mapping.start();
        // Both pollers in the group with partitions of their own before any record exists: otherwise the
        // first to join can drain everything alone while the second is still joining (a flaky test).
        try (Admin admin = Admin.create(java.util.Map.of("bootstrap.servers", bootstrap))) {
          long joined = System.nanoTime() + Duration.ofSeconds(60).toNanos();
          while (System.nanoTime() < joined) {
            var members = admin.describeConsumerGroups(List.of(group)).all().get().get(group).members();
            if (members.size() == 2 && members.stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
              break;
            }
            Thread.sleep(100);
          }
        }
      Properties producerProps = new Properties();
      producerProps.put("bootstrap.servers", bootstrap);
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
        for (int i = 0; i < records; i++) {
          producer.send(new ProducerRecord<>(topic, i % partitions, "k", "record-" + i));
        }
        producer.flush();
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (mapping.recordsDelivered() < records && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(mapping.recordsDelivered()).isGreaterThanOrEqualTo(records);
    }
    assertThat(SlowRecordingHandler.maxInFlight.get()).isEqualTo(2);
    assertThat(SlowRecordingHandler.offsets).hasSize(partitions);
    SlowRecordingHandler.offsets.forEach((partition, seen) -> {
      // A rebalance while the pollers join may redeliver a batch (at least once), never skip or reorder
      // within what a partition's owner delivers: the distinct offsets are 0..n-1, first seen in order.
      List<Long> firstSeen = seen.stream().distinct().toList();
      assertThat(firstSeen).as("partition %d", partition).isSorted().hasSize(records / partitions);
      assertThat(firstSeen.get(firstSeen.size() - 1)).isEqualTo(records / partitions - 1L);
    });
  }
}
