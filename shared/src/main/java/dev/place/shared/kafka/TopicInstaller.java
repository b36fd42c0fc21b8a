package dev.place.shared.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics from their definitions ({@code schema/pixel-events.topic.properties},
 * {@code schema/moderation-actions.topic.properties}), which production deployment uses too; only
 * the replication factor differs per environment.
 */
public final class TopicInstaller {

  /** The pixel event log's definition. */
  public static final String DEFINITION = "/schema/pixel-events.topic.properties";
  /** The moderation queue's definition. */
  public static final String MODERATION_DEFINITION = "/schema/moderation-actions.topic.properties";

  private TopicInstaller() {}

  /** The pixel event log's definition, named {@code topic}. */
  public static NewTopic definition(String topic, short replicationFactor) {
    return definition(topic, DEFINITION, replicationFactor);
  }

  public static NewTopic definition(String topic, String definitionResource, short replicationFactor) {
    Properties definition = new Properties();
    try (InputStream in = TopicInstaller.class.getResourceAsStream(definitionResource)) {
      definition.load(in);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("missing topic definition " + definitionResource, e);
    }
    int partitions = Integer.parseInt(definition.getProperty("partitions"));
    Map<String, String> configs = new HashMap<>();
    for (String name : definition.stringPropertyNames()) {
      if (name.startsWith("config.")) {
        configs.put(name.substring("config.".length()), definition.getProperty(name));
      }
    }
    if (replicationFactor < 2) {
      configs.put("min.insync.replicas", "1");
    }
    return new NewTopic(topic, partitions, replicationFactor).configs(configs);
  }

  /** Generous: a 2-core machine shared with other builds has needed more than 30 s (docs/benchmarks.md). */
  private static final int CREATE_TIMEOUT_SECONDS = 120;

  /** Creates the topic unless it exists. */
  public static void ensure(Admin admin, String topic, short replicationFactor) {
    ensure(admin, topic, DEFINITION, replicationFactor);
  }

  /** Creates the topic of that definition unless it exists. */
  public static void ensure(Admin admin, String topic, String definitionResource, short replicationFactor) {
    try {
      admin.createTopics(List.of(definition(topic, definitionResource, replicationFactor))).all().get(CREATE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("could not create topic " + topic, e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Kafka did not create topic " + topic + " within " + CREATE_TIMEOUT_SECONDS + " s", e);
    }
  }
}
