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

  /** Idempotent, acks=all, no batching delay: each Lambda invocation sends one record and waits for it. */
  public static Properties producer(PlaceConfig config) {
    Properties p = common(config);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) config.produceTimeout().toMillis());
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, config.produceTimeout().toMillis()));
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }

  /** A consumer with no group: the caller assigns partitions itself (fanout reads them all). */
  public static Properties consumer(PlaceConfig config, String clientId) {
    Properties p = common(config);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return p;
  }
}
