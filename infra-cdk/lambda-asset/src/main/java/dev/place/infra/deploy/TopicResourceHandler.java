package dev.place.infra.deploy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.place.shared.config.PlaceConfig;
import dev.place.shared.kafka.KafkaSettings;
import dev.place.shared.kafka.TopicInstaller;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * CloudFormation custom resource (behind the CDK Provider framework) that creates the pixel topic
 * and the moderation queue on MSK from the same definition files the local cloud uses, so topic creation is part of the
 * deployment. Delete does nothing: the topic goes with the cluster, and a stack update that
 * replaced this resource must never drop the event log.
 */
public final class TopicResourceHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

  /** Topic-level settings MSK Serverless accepts; it fixes replication (3) and min.insync.replicas (2) itself. */
  static final Set<String> SERVERLESS_TOPIC_CONFIGS = Set.of(
      "cleanup.policy", "compression.type", "max.message.bytes", "message.timestamp.difference.max.ms",
      "message.timestamp.type", "retention.bytes", "retention.ms");

  /** MSK Serverless always keeps three replicas. */
  static final short REPLICATION_FACTOR = 3;

  @Override
  public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
    String requestType = String.valueOf(event.get("RequestType"));
    PlaceConfig config = PlaceConfig.fromEnvironment();
    String physicalId = "topic/" + config.kafkaTopic();
    if (!"Delete".equals(requestType)) {
      try (Admin admin = Admin.create(KafkaSettings.common(config))) {
        create(admin, serverlessTopic(config.kafkaTopic()));
        create(admin, serverlessTopic(config.moderationTopic(), TopicInstaller.MODERATION_DEFINITION));
      }
    }
    return Map.of("PhysicalResourceId", physicalId);
  }

  /** The shared definition, less the settings MSK Serverless rejects. */
  static NewTopic serverlessTopic(String topic) {
    return serverlessTopic(topic, TopicInstaller.DEFINITION);
  }

  static NewTopic serverlessTopic(String topic, String definitionResource) {
    NewTopic full = TopicInstaller.definition(topic, definitionResource, REPLICATION_FACTOR);
    Map<String, String> accepted = full.configs().entrySet().stream()
        .filter(e -> SERVERLESS_TOPIC_CONFIGS.contains(e.getKey()))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    return new NewTopic(topic, full.numPartitions(), REPLICATION_FACTOR).configs(accepted);
  }

  private static void create(Admin admin, NewTopic topic) {
    try {
      admin.createTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("could not create topic " + topic.name(), e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("MSK did not create topic " + topic.name() + " within 60 s", e);
    }
  }
}
