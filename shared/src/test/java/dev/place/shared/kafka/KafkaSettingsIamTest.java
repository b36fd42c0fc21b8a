package dev.place.shared.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.place.shared.config.PlaceConfig;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The client properties KafkaSettings builds for MSK IAM, checked without a broker. */
class KafkaSettingsIamTest {

  @Test
  void mskIamUsesSaslSslWithTheAwsLoginModuleAndCallbackOnTheClasspath() throws Exception {
    Properties p = KafkaSettings.producer(PlaceConfig.from(Map.of(
        "PLACE_KAFKA_AUTH", "iam", "PLACE_KAFKA_BOOTSTRAP", "b-1.events.kafka-serverless.us-east-1.amazonaws.com:9098")::get));

    assertThat(p).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "AWS_MSK_IAM")
        .containsEntry("bootstrap.servers", "b-1.events.kafka-serverless.us-east-1.amazonaws.com:9098")
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", true);
    assertThat(p.getProperty("sasl.jaas.config")).startsWith("software.amazon.msk.auth.iam.IAMLoginModule required");
    // The classes Kafka loads by name must be there, or the first connection fails in AWS only.
    Class.forName(p.getProperty("sasl.client.callback.handler.class"));
    Class.forName("software.amazon.msk.auth.iam.IAMLoginModule");
  }

  @Test
  void localKafkaStaysPlaintext() {
    Properties p = KafkaSettings.consumer(PlaceConfig.from(Map.<String, String>of()::get), "test");

    assertThat(p).doesNotContainKeys("security.protocol", "sasl.mechanism", "sasl.jaas.config");
  }
}
