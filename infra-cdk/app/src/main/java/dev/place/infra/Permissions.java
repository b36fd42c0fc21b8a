package dev.place.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.s3.IBucket;

/**
 * Turns an {@link Access} into IAM statements on this stack's own resources: named actions only
 * (no wildcards), each on the narrowest ARN the service supports.
 */
public final class Permissions {

  private final EventLog eventLog;
  private final IBucket snapshots;
  private final Secrets secrets;
  private HistoryKeyspace history;

  public Permissions(EventLog eventLog, IBucket snapshots, Secrets secrets) {
    this.eventLog = eventLog;
    this.snapshots = snapshots;
    this.secrets = secrets;
  }

  /**
   * Read the two generated secrets (the session-token key, the Redis AUTH token), which the handlers
   * fetch by ARN at first use: every handler reaches Redis, and the WebSocket and session handlers
   * sign or check tokens.
   */
  public void readSecrets(IGrantable grantee) {
    add(grantee, List.of("secretsmanager:GetSecretValue"),
        List.of(secrets.tokenSecret().getSecretArn(), secrets.redisAuth().getSecretArn()));
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
        add(grantee, List.of("cassandra:Modify"), history.historyTableArns());
      }
      case AUDIT_READ -> add(grantee, List.of("cassandra:Select"), history.auditReadArns());
      case AUDIT_WRITE -> {
        // Select too: the driver reads the keyspace's metadata, and the log's store prepares its query.
        add(grantee, List.of("cassandra:Select"), history.auditReadArns());
        add(grantee, List.of("cassandra:Modify"), List.of(history.auditTableArn()));
      }
      case MODERATION_QUEUE -> {
        add(grantee, List.of("kafka-cluster:Connect", "kafka-cluster:DescribeCluster", "kafka-cluster:WriteDataIdempotently"),
            List.of(eventLog.clusterArn()));
        add(grantee, List.of("kafka-cluster:DescribeTopic", "kafka-cluster:WriteData"), List.of(eventLog.moderationTopicArn()));
      }
      case CLOSE_CONNECTIONS -> {
        // Granted by WebSocketFront.grantCloseConnections (PlaceStack): the stage's ARN is the API's.
      }
      case HISTORY_WRITER_LAG -> add(grantee, List.of("kafka-cluster:DescribeGroup"), List.of(eventLog.historyGroupArn()));
      case SNAPSHOTS_WRITE -> add(grantee, List.of("s3:PutObject"), List.of(snapshots.arnForObjects("snapshots/*")));
      case TIMELAPSE_DISPATCH -> timelapse(grantee, false);
      case TIMELAPSE_RENDER -> timelapse(grantee, true);
    }
  }

  /**
   * Results under {@code timelapse/}, job statuses under {@code timelapse-jobs/} of the content
   * bucket. ListBucket on the bucket makes S3 answer 404 rather than 403 for a key that does not
   * exist yet, which is how the dispatcher tells "not rendered" from "done". It is not narrowed by
   * an {@code s3:prefix} condition: a GET or HEAD carries no prefix, so such a condition would not
   * count for that decision; listing reveals no more than CloudFront already serves (the web
   * client, snapshots, results) plus the non-secret job records.
   */
  private void timelapse(IGrantable grantee, boolean render) {
    String results = snapshots.arnForObjects(StaticSite.TIMELAPSE_PREFIX + "/*");
    String jobs = snapshots.arnForObjects(StaticSite.TIMELAPSE_JOBS_PREFIX + "/*");
    add(grantee, List.of("s3:GetObject"), List.of(results, jobs));
    add(grantee, List.of("s3:PutObject"), render ? List.of(results, jobs) : List.of(jobs));
    add(grantee, List.of("s3:ListBucket"), List.of(snapshots.getBucketArn()));
  }

  /**
   * What the dispatcher needs to start jobs: invoke the worker function's alias (asynchronously),
   * run the task definition in its own cluster only, and pass the task's two roles to ECS.
   */
  public void dispatchTimelapse(IGrantable dispatcher, Alias worker, TimelapseTasks tasks) {
    add(dispatcher, List.of("lambda:InvokeFunction"), List.of(worker.getFunctionArn()));
    dispatcher.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
        .actions(List.of("ecs:RunTask"))
        .resources(List.of(tasks.taskDefinition().getTaskDefinitionArn()))
        .conditions(Map.of("ArnEquals", Map.of("ecs:cluster", tasks.cluster().getClusterArn())))
        .build());
    dispatcher.getGrantPrincipal().addToPrincipalPolicy(PolicyStatement.Builder.create()
        .actions(List.of("iam:PassRole"))
        .resources(List.of(tasks.taskDefinition().getTaskRole().getRoleArn(),
            tasks.taskDefinition().getExecutionRole().getRoleArn()))
        .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "ecs-tasks.amazonaws.com")))
        .build());
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

  /** What the history writer's MSK event source mapping needs with IAM auth, acting with the function's role. */
  public void eventSourceMapping(IGrantable grantee) {
    eventSourceMapping(grantee, eventLog.topicArn(), eventLog.historyGroupArn());
  }

  /** The same for the moderation worker's mapping: its topic and its group only. */
  public void moderationEventSourceMapping(IGrantable grantee) {
    eventSourceMapping(grantee, eventLog.moderationTopicArn(), eventLog.moderationGroupArn());
  }

  private void eventSourceMapping(IGrantable grantee, String topicArn, String groupArn) {
    add(grantee, List.of("kafka-cluster:Connect", "kafka-cluster:DescribeClusterDynamicConfiguration",
        "kafka:DescribeClusterV2", "kafka:GetBootstrapBrokers"), List.of(eventLog.clusterArn()));
    add(grantee, List.of("kafka-cluster:DescribeTopic", "kafka-cluster:ReadData"), List.of(topicArn));
    add(grantee, List.of("kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"), List.of(groupArn));
  }

  private static void add(IGrantable grantee, List<String> actions, List<String> resources) {
    grantee.getGrantPrincipal().addToPrincipalPolicy(
        PolicyStatement.Builder.create().actions(actions).resources(resources).build());
  }
}
