package dev.place.shared.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

class TopicInstallerTest {

  @Test
  void thePixelTopicKeepsEveryEventForEver() {
    NewTopic topic = TopicInstaller.definition("pixel-events", (short) 3);
    assertThat(topic.numPartitions()).isEqualTo(12);
    assertThat(topic.replicationFactor()).isEqualTo((short) 3);
    assertThat(topic.configs()).containsEntry("retention.ms", "-1").containsEntry("min.insync.replicas", "2");
  }

  @Test
  void aSingleBrokerTopicAcceptsWritesWithOneInSyncReplica() {
    assertThat(TopicInstaller.definition("pixel-events", (short) 1).configs()).containsEntry("min.insync.replicas", "1");
  }
}
