package dev.place.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicResourceHandlerTest {

  @Test
  void serverlessTopicKeepsTheSharedDefinitionButDropsWhatServerlessFixesItself() {
    NewTopic topic = TopicResourceHandler.serverlessTopic("pixel-events");

    assertThat(topic.numPartitions()).isEqualTo(12);
    assertThat(topic.replicationFactor()).isEqualTo((short) 3);
    assertThat(topic.configs())
        .containsEntry("retention.ms", "-1")
        .containsEntry("compression.type", "zstd")
        .doesNotContainKey("min.insync.replicas");
    assertThat(TopicResourceHandler.SERVERLESS_TOPIC_CONFIGS).containsAll(topic.configs().keySet());
  }
}
