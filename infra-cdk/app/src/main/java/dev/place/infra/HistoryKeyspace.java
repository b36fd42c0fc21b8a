package dev.place.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.customresources.Provider;
import software.amazon.awscdk.services.cassandra.CfnKeyspace;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Function;
import software.constructs.Construct;

/**
 * The Keyspaces keyspace, and its tables created from {@code history.cql} by a custom resource
 * (SchemaResourceHandler, through the same driver code as the handlers) rather than as
 * AWS::Cassandra::Table: that resource type rejects one-letter column names such as {@code x}.
 * The CQL text is a resource property, so editing the file re-applies it on the next deploy;
 * the tables it names ({@link CqlSchema}) scope the IAM statements. Keyspaces encrypts at rest
 * with an AWS-owned key by default; tables are on-demand with point-in-time recovery.
 * Everything goes with the stack: docs/deploy.md's tear-down must leave nothing billable.
 */
public final class HistoryKeyspace extends Construct {

  public static final String KEYSPACE = "place";
  /** The moderation audit log: in the same file and keyspace, but not history, so granted apart. */
  public static final String AUDIT_TABLE = "moderation_actions";

  private final List<String> tables;

  public HistoryKeyspace(Construct scope, String id, String historyCql, Functions functions) {
    super(scope, id);
    CfnKeyspace keyspace = CfnKeyspace.Builder.create(this, "Keyspace").keyspaceName(KEYSPACE).build();
    keyspace.applyRemovalPolicy(RemovalPolicy.DESTROY);
    tables = CqlSchema.parse(historyCql).stream().map(CqlSchema.Table::name).toList();

    Function handler = functions.plain("SchemaHandler", "dev.place.infra.deploy.SchemaResourceHandler::handleRequest", Duration.minutes(14));
    handler.addToRolePolicy(PolicyStatement.Builder.create()
        .actions(List.of("cassandra:Create", "cassandra:Alter", "cassandra:Select"))
        .resources(tableArns()).build());
    handler.addToRolePolicy(PolicyStatement.Builder.create()
        .actions(List.of("cassandra:Select")).resources(List.of(keyspaceArn(), systemTablesArn())).build());
    Provider provider = Provider.Builder.create(this, "Provider").onEventHandler(handler).build();
    CustomResource tablesResource = CustomResource.Builder.create(this, "Tables")
        .resourceType("Custom::PlaceHistoryTables")
        .serviceToken(provider.getServiceToken())
        .properties(Map.of("Keyspace", KEYSPACE, "Definition", historyCql))
        .build();
    tablesResource.getNode().addDependency(keyspace);
  }

  private String arn(String resource) {
    return "arn:" + Aws.PARTITION + ":cassandra:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":/keyspace/" + resource;
  }

  public List<String> tableNames() {
    return tables;
  }

  /** One ARN per table of history.cql (the schema handler creates them all). */
  public List<String> tableArns() {
    List<String> arns = new ArrayList<>();
    tables.forEach(t -> arns.add(arn(KEYSPACE + "/table/" + t)));
    return arns;
  }

  /** The pixel history tables: every table of history.cql but the audit log. */
  public List<String> historyTableArns() {
    List<String> arns = new ArrayList<>();
    tables.stream().filter(t -> !t.equals(AUDIT_TABLE)).forEach(t -> arns.add(arn(KEYSPACE + "/table/" + t)));
    return arns;
  }

  public String auditTableArn() {
    if (!tables.contains(AUDIT_TABLE)) {
      throw new IllegalStateException("history.cql declares no " + AUDIT_TABLE + " table");
    }
    return arn(KEYSPACE + "/table/" + AUDIT_TABLE);
  }

  /** What reading the audit log needs: its table, the keyspace and the system tables the driver reads. */
  public List<String> auditReadArns() {
    return List.of(auditTableArn(), keyspaceArn(), systemTablesArn());
  }

  public String keyspaceArn() {
    return arn(KEYSPACE + "/");
  }

  /** system.local, system.peers and system_schema* tables the Java driver reads on connect. */
  public String systemTablesArn() {
    return arn("system*");
  }

  /** What reading history needs: its tables (not the audit log), the keyspace and the system tables. */
  public List<String> readArns() {
    List<String> arns = new ArrayList<>(historyTableArns());
    arns.add(keyspaceArn());
    arns.add(systemTablesArn());
    return arns;
  }
}
