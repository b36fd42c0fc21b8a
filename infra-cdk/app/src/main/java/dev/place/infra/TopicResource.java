package dev.place.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.customresources.Provider;
import software.constructs.Construct;

/**
 * Creates the pixel topic and the moderation queue as part of the deployment, from the same
 * definition files the local cloud uses ({@code schema/pixel-events.topic.properties},
 * {@code schema/moderation-actions.topic.properties}, read by TopicResourceHandler from the shared
 * jar in the Lambda asset). The definitions' texts are resource properties, so editing a file
 * re-runs the handler on the next deploy.
 */
public final class TopicResource extends Construct {

  public TopicResource(Construct scope, String id, Functions functions, EventLog eventLog, String topicDefinition,
      String moderationTopicDefinition) {
    super(scope, id);
    Function handler = functions.plain("TopicHandler", "dev.place.infra.deploy.TopicResourceHandler::handleRequest", Duration.minutes(5));
    handler.addToRolePolicy(PolicyStatement.Builder.create()
        .actions(List.of("kafka-cluster:Connect", "kafka-cluster:DescribeCluster"))
        .resources(List.of(eventLog.clusterArn())).build());
    handler.addToRolePolicy(PolicyStatement.Builder.create()
        .actions(List.of("kafka-cluster:CreateTopic", "kafka-cluster:DescribeTopic", "kafka-cluster:AlterTopic"))
        .resources(List.of(eventLog.topicArn(), eventLog.moderationTopicArn())).build());
    Provider provider = Provider.Builder.create(this, "Provider").onEventHandler(handler).build();
    CustomResource.Builder.create(this, "Resource")
        .resourceType("Custom::PlaceKafkaTopic")
        .serviceToken(provider.getServiceToken())
        .properties(Map.of("Topic", EventLog.TOPIC, "Definition", topicDefinition,
            "ModerationTopic", EventLog.MODERATION_TOPIC, "ModerationDefinition", moderationTopicDefinition))
        .build();
  }
}
