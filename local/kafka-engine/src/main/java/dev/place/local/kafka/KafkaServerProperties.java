package dev.place.local.kafka;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/** The broker configuration of the local single-node KRaft cluster (broker and controller in one process). */
final class KafkaServerProperties {

    static final int NODE_ID = 1;
    static final String HOST = "127.0.0.1";

    private KafkaServerProperties() {
    }

    static Path logDir(Path dataDir) {
        return dataDir.resolve("logs");
    }

    static Properties of(Path dataDir, int port, int controllerPort, Map<String, String> overrides) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", String.valueOf(NODE_ID));
        // A static voter set (not --standalone) keeps the quorum independent of the ports used at format time,
        // so a restart with other ports still finds its metadata log.
        p.setProperty("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.setProperty("log.dirs", logDir(dataDir).toString());

        // One node: every internal topic must accept replication factor 1.
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        // The defaults (50 partitions each) make the first consumer group or transaction create 50 partitions,
        // which costs seconds on a 2-core machine and buys nothing on one node.
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.num.partitions", "1");
        p.setProperty("share.coordinator.state.topic.num.partitions", "1");

        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // Topics are part of the deployment (as on MSK), so a typo in a topic name must fail loudly.
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("num.partitions", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");

        // Sized for a 2-core machine shared with Cassandra; the defaults assume a dedicated server.
        p.setProperty("num.network.threads", "2");
        p.setProperty("num.io.threads", "2");
        p.setProperty("background.threads", "2");
        p.setProperty("num.recovery.threads.per.data.dir", "1");
        // The cleaner's dedupe map is allocated on the heap in one piece (128 MiB by default).
        p.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(16 * 1024 * 1024));

        overrides.forEach(p::setProperty);
        return p;
    }
}
