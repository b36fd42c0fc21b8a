package dev.place.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.customresources.AwsCustomResource;
import software.amazon.awscdk.customresources.AwsCustomResourcePolicy;
import software.amazon.awscdk.customresources.AwsSdkCall;
import software.amazon.awscdk.customresources.PhysicalResourceId;
import software.amazon.awscdk.customresources.SdkCallsPolicyOptions;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.msk.CfnServerlessCluster;
import software.constructs.Construct;

/**
 * The event log: an MSK Serverless cluster with IAM authentication (the only mode Serverless
 * offers: no broker sizing, no passwords). Serverless exposes no bootstrap-broker attribute to
 * CloudFormation, so a read-only SDK call (GetBootstrapBrokers) fetches it at deploy time. The
 * topic itself is created by {@link TopicResource}.
 */
public final class EventLog extends Construct {

  public static final String TOPIC = "pixel-events";
  public static final String HISTORY_GROUP = "place-history-writer";
  /** The moderation queue (docs/moderation.md): one partition, created by the same custom resource. */
  public static final String MODERATION_TOPIC = "moderation-actions";
  public static final String MODERATION_GROUP = "place-moderation-worker";

  private final CfnServerlessCluster cluster;
  private final String clusterName;
  private final String bootstrap;

  public EventLog(Construct scope, String id, Network network) {
    super(scope, id);
    clusterName = Stack.of(this).getStackName().toLowerCase() + "-events";
    cluster = CfnServerlessCluster.Builder.create(this, "Cluster")
        .clusterName(clusterName)
        .clientAuthentication(CfnServerlessCluster.ClientAuthenticationProperty.builder()
            .sasl(CfnServerlessCluster.SaslProperty.builder()
                .iam(CfnServerlessCluster.IamProperty.builder().enabled(true).build()).build()).build())
        .vpcConfigs(List.of(CfnServerlessCluster.VpcConfigProperty.builder()
            .subnetIds(network.vpc().selectSubnets(network.privateSubnets()).getSubnets().stream().map(ISubnet::getSubnetId).toList())
            .securityGroups(List.of(network.kafka().getSecurityGroupId()))
            .build()))
        .build();
    AwsSdkCall brokers = AwsSdkCall.builder()
        .service("Kafka").action("getBootstrapBrokers")
        .parameters(Map.of("ClusterArn", cluster.getAttrArn()))
        .physicalResourceId(PhysicalResourceId.of(clusterName + "-bootstrap"))
        .outputPaths(List.of("BootstrapBrokerStringSaslIam"))
        .build();
    AwsCustomResource lookup = AwsCustomResource.Builder.create(this, "Bootstrap")
        .onCreate(brokers).onUpdate(brokers)
        .policy(AwsCustomResourcePolicy.fromSdkCalls(SdkCallsPolicyOptions.builder()
            .resources(List.of(cluster.getAttrArn())).build()))
        .installLatestAwsSdk(false)
        .build();
    bootstrap = lookup.getResponseField("BootstrapBrokerStringSaslIam");
  }

  public String clusterArn() {
    return cluster.getAttrArn();
  }

  public String bootstrapServers() {
    return bootstrap;
  }

  /** The cluster UUID, the last part of the cluster ARN, which topic and group ARNs repeat. */
  private String clusterUuid() {
    return Fn.select(2, Fn.split("/", cluster.getAttrArn()));
  }

  private String arn(String kind, String name) {
    return "arn:" + Aws.PARTITION + ":kafka:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":" + kind + "/" + clusterName + "/" + clusterUuid() + "/" + name;
  }

  public String topicArn() {
    return arn("topic", TOPIC);
  }

  public String historyGroupArn() {
    return arn("group", HISTORY_GROUP);
  }

  public String moderationTopicArn() {
    return arn("topic", MODERATION_TOPIC);
  }

  public String moderationGroupArn() {
    return arn("group", MODERATION_GROUP);
  }
}
