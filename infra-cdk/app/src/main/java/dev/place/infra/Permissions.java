package dev.place.infra;

import java.util.List;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.s3.IBucket;

/**
 * Turns an {@link Access} into IAM statements on this stack's own resources: named actions only
 * (no wildcards), each on the narrowest ARN the service supports.
 */
public final class Permissions {

  private final EventLog eventLog;
  private final IBucket snapshots;
  private HistoryKeyspace history;

  public Permissions(EventLog eventLog, IBucket snapshots) {
    this.eventLog = eventLog;
    this.snapshots = snapshots;
  }

  /** Set once the keyspace exists (its tables are created by a function, so it comes after them). */
  public void history(HistoryKeyspace keyspace) {
    this.history = keyspace;
  }

  public void grant(IGrantable grantee, Access access) {
    switch (access) {
      case EVENTS_PRODUCE -> produce(grantee);
      case HISTORY_READ -> add(grantee, List.of("cassandra:Select"), history.readArns());
      case HISTORY_WRITE -> {
        add(grantee, List.of("cassandra:Select"), history.readArns());
        add(grantee, List.of("cassandra:Modify"), history.tableArns());
      }
      case SNAPSHOTS_WRITE -> add(grantee, List.of("s3:PutObject"), List.of(snapshots.arnForObjects("snapshots/*")));
    }
  }

  /** Connect and write idempotently (the producer is idempotent, which MSK authorizes on the cluster). */
  public void produce(IGrantable grantee) {
    add(grantee, List.of("kafka-cluster:Connect", "kafka-cluster:DescribeCluster", "kafka-cluster:WriteDataIdempotently"),
        List.of(eventLog.clusterArn()));
    add(grantee, List.of("kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"), List.of(eventLog.topicArn()));
  }

  /** Read every partition without a consumer group (the fanout service assigns partitions itself). */
  public void consumeWithoutGroup(IGrantable grantee) {
    add(grantee, List.of("kafka-cluster:Connect"), List.of(eventLog.clusterArn()));
    add(grantee, List.of("kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"), List.of(eventLog.topicArn()));
  }

  /** What the MSK event source mapping needs with IAM auth, acting with the function's role. */
  public void eventSourceMapping(IGrantable grantee) {
    add(grantee, List.of("kafka-cluster:Connect", "kafka-cluster:DescribeClusterDynamicConfiguration",
        "kafka:DescribeClusterV2", "kafka:GetBootstrapBrokers"), List.of(eventLog.clusterArn()));
    add(grantee, List.of("kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"), List.of(eventLog.topicArn()));
    add(grantee, List.of("kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"), List.of(eventLog.historyGroupArn()));
  }

  private static void add(IGrantable grantee, List<String> actions, List<String> resources) {
    grantee.getGrantPrincipal().addToPrincipalPolicy(
        PolicyStatement.Builder.create().actions(actions).resources(resources).build());
  }
}
