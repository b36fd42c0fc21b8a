package dev.place.local.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import kafka.server.KafkaConfig;
import org.junit.jupiter.api.Test;

class KafkaServerPropertiesTest {

    private static final Path DATA = Path.of("/data/kafka");

    @Test
    void kafkaAcceptsThePropertiesAsOneCombinedBrokerAndController() {
        Properties props = KafkaServerProperties.of(DATA, 19092, 19093, Map.of());

        // fromProps runs Kafka's own validation: unknown roles, listener mismatches and the like throw here.
        KafkaConfig config = KafkaConfig.fromProps(props, false);

        assertThat(config.nodeId()).isEqualTo(1);
        assertThat(props.getProperty("process.roles")).isEqualTo("broker,controller");
        assertThat(props.getProperty("controller.quorum.voters")).isEqualTo("1@127.0.0.1:19093");
    }

    @Test
    void listenersBindOnlyLoopbackOnTheGivenPorts() {
        Properties props = KafkaServerProperties.of(DATA, 29092, 29093, Map.of());

        assertThat(props.getProperty("listeners"))
                .isEqualTo("PLAINTEXT://127.0.0.1:29092,CONTROLLER://127.0.0.1:29093");
        assertThat(props.getProperty("advertised.listeners")).isEqualTo("PLAINTEXT://127.0.0.1:29092");
    }

    @Test
    void logsLiveInTheLogsFolderOfTheDataDir() {
        Properties props = KafkaServerProperties.of(DATA, 19092, 19093, Map.of());

        assertThat(props.getProperty("log.dirs")).isEqualTo(DATA.resolve("logs").toString());
        assertThat(KafkaServerProperties.logDir(DATA)).isEqualTo(DATA.resolve("logs"));
    }

    @Test
    void internalTopicsWorkOnASingleNode() {
        Properties props = KafkaServerProperties.of(DATA, 19092, 19093, Map.of());

        assertThat(props).containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("share.coordinator.state.topic.replication.factor", "1")
                .containsEntry("share.coordinator.state.topic.min.isr", "1");
    }

    @Test
    void topicsMustBeCreatedExplicitlyAndGroupsJoinWithoutDelay() {
        Properties props = KafkaServerProperties.of(DATA, 19092, 19093, Map.of());

        assertThat(props).containsEntry("auto.create.topics.enable", "false")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("num.partitions", "1");
    }

    @Test
    void overridesReplaceDefaultsAndAddNewKeys() {
        Properties props = KafkaServerProperties.of(DATA, 19092, 19093,
                Map.of("num.partitions", "6", "log.retention.hours", "1"));

        assertThat(props).containsEntry("num.partitions", "6").containsEntry("log.retention.hours", "1");
        KafkaConfig.fromProps(props, false);
    }
}
