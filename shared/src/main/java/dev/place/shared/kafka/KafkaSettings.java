package dev.place.shared.kafka;

import dev.place.shared.config.PlaceConfig;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Client properties for the pixel topic, plaintext locally and IAM over TLS on MSK. */
public final class KafkaSettings {

  private KafkaSettings() {}

  /**
   * The history writer's consumer group: the event source mapping's in AWS (the CDK stack sets it
   * as the mapping's ConsumerGroupId), the emulated mapping's locally. Health reads its lag.
   */
  public static final String HISTORY_CONSUMER_GROUP = "place-history-writer";
  /** The consumer group of the moderation queue's worker (the CDK mapping's too). */
  public static final String MODERATION_CONSUMER_GROUP = "place-moderation-worker";

  public static Properties common(PlaceConfig config) {
    Properties p = new Properties();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
    if (config.kafkaIamAuth()) {
      // MSK IAM: the aws-msk-iam-auth library must be on the classpath (it is in the Lambda and ECS images).
      p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
      p.put("sasl.mechanism", "AWS_MSK_IAM");
      p.put("sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required;");
      p.put("sasl.client.callback.handler.class", "software.amazon.msk.auth.iam.IAMClientCallbackHandler");
    }
    return p;
  }

  /**
   * How long the producer gathers concurrent records into one produce request. Each placement still
   * waits for its own acknowledgement; 2 ms is noise beside a placement's round trips and lets many
   * concurrent invocations share a request instead of queueing one request each behind the five a
   * connection may have in flight.
   */
  static final int LINGER_MS = 2;

  /**
   * Idempotent, acks=all, a short linger. The delivery timeout is the smallest Kafka accepts (request
   * timeout + linger), so a record's fate is settled within {@link #deliveryTimeout} of its send: the
   * journal relay, which waits longer than that before republishing an entry, never races a producer
   * still retrying the same event (docs/reliability.md, Kafka rows).
   */
  public static Properties producer(PlaceConfig config) {
    Properties p = common(config);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) config.produceTimeout().toMillis());
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMillis(config));
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout(config).toMillis());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }

  private static int requestTimeoutMillis(PlaceConfig config) {
    return (int) Math.max(1000, config.produceTimeout().toMillis());
  }

  /** After this long from its send a record is acknowledged or failed for good, never still pending. */
  public static java.time.Duration deliveryTimeout(PlaceConfig config) {
    return java.time.Duration.ofMillis(requestTimeoutMillis(config) + LINGER_MS);
  }

  /** A consumer with no group: the caller assigns partitions itself (fanout reads them all). */
  public static Properties consumer(PlaceConfig config, String clientId) {
    Properties p = common(config);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    // The broker answers a fetch once 16 KiB are there or 20 ms passed, instead of once per produce
    // request: the fanout releases every 100 ms anyway, and a broker answering hundreds of one-record
    // fetches a second was a third of the local Kafka's CPU on the delivery benchmark.
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
    p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 16 * 1024);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return p;
  }
}
