package dev.place.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import software.amazon.awscdk.Stack;

/**
 * Every cdk-nag suppression of the stack, each with its reason (docs/deploy.md lists them too).
 * IAM suppressions name exactly the managed policy or resource pattern they accept
 * ({@code appliesTo}), so a new wildcard elsewhere still fails the check.
 */
public final class NagSuppressionsCatalog {

  /** A rule, why it is accepted, and (optionally) the findings it covers: "/.../" is a regex. */
  public record Entry(String rule, String reason, List<String> appliesTo, String path) {

    static Entry stackWide(String rule, String reason, String... appliesTo) {
      return new Entry(rule, reason, List.of(appliesTo), null);
    }
  }

  private NagSuppressionsCatalog() {}

  static final String MANAGED = "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/";

  public static List<Entry> entries() {
    return List.of(
        Entry.stackWide("AwsSolutions-APIG4",
            "$connect authenticates itself: it redeems a single-use connect ticket from POST /api/v1/connect-ticket (or, "
                + "deprecated, verifies the signed session token) and rejects the handshake otherwise; place and $default act "
                + "only for connections $connect registered; $disconnect carries no client input. POST /api/v1/session verifies "
                + "the Cognito ID token itself (SessionHandler, against the pool's JWKS) or mints a rate-limited guest; the "
                + "ticket and sign-out routes verify the session token. An API Gateway authorizer would add a Lambda "
                + "invocation per request for the same check."),
        Entry.stackWide("AwsSolutions-COG2",
            "MFA is optional (TOTP offered): players of a public event would not sign up if it were required. Threat "
                + "protection is enforced on the pool, accounts cost a cooldown each, and moderators/admins should turn MFA "
                + "on (docs/deploy.md, Identity)."),
        Entry.stackWide("AwsSolutions-CFR1",
            "A public canvas is meant to be reachable worldwide: no geo restriction."),
        Entry.stackWide("AwsSolutions-CFR2",
            "The distribution serves public, immutable static objects from a private bucket; writes are limited in the APIs "
                + "(stage throttling, per-address and canvas-wide limits in Redis). WAF bills per request; add a web ACL if abuse appears."),
        Entry.stackWide("AwsSolutions-CFR4",
            "The distribution uses the default *.cloudfront.net certificate, for which CloudFront fixes the minimum TLS "
                + "version; with a custom domain set minimumProtocolVersion TLSv1.2_2021 (docs/deploy.md)."),
        Entry.stackWide("AwsSolutions-ECS2",
            "Only non-secret configuration (endpoints, sizes) is in the task definition's environment; the token secret is "
                + "injected by ECS from Secrets Manager at start."),
        Entry.stackWide("AwsSolutions-L1",
            "Functions run on java21, the LTS runtime the handlers are tested with under SnapStart-style init; moving to "
                + "java25 is one line in Functions once tested."),
        Entry.stackWide("AwsSolutions-SMG4",
            "The token secret signs sessions (rotation signs every client out: rotate between events, docs/deploy.md); the "
                + "Redis AUTH token must rotate in step with ElastiCache's ROTATE/SET strategy and the clients, a manual "
                + "procedure documented in docs/deploy.md."),
        Entry.stackWide("CdkNagValidationFailure",
            "EC23 cannot evaluate the interface endpoints' security groups, whose only ingress is HTTPS from the VPC's own "
                + "CIDR (an intrinsic); nothing in the stack is open to 0.0.0.0/0.",
            "AwsSolutions-EC23"),
        Entry.stackWide("AwsSolutions-IAM4",
            "AWS-managed Lambda service-role policies: logging, VPC network interfaces (these EC2 actions cannot be scoped to "
                + "resources) and the MSK event source mapping; every action in them is named.",
            MANAGED + "AWSLambdaBasicExecutionRole", MANAGED + "AWSLambdaVPCAccessExecutionRole", MANAGED + "AWSLambdaMSKExecutionRole"),
        Entry.stackWide("AwsSolutions-IAM5",
            "execute-api:ManageConnections on this WebSocket API's stage only: connection ids exist only at run time.",
            "/^Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<WebSocketApi[A-Z0-9]+>/live/(POST|GET|DELETE)/@connections/\\*$/"),
        Entry.stackWide("AwsSolutions-IAM5",
            "The Cassandra driver reads system.local, system.peers and system_schema* on connect (Select only).",
            "Resource::arn:<AWS::Partition>:cassandra:<AWS::Region>:<AWS::AccountId>:/keyspace/system*"),
        Entry.stackWide("AwsSolutions-IAM5",
            "The CDK Provider framework invokes its own handler function, any version of it (lambda:InvokeFunction only).",
            "/^Resource::<Functions(Schema|Topic)Handler[A-Z0-9]+\\.Arn>:\\*$/"),
        Entry.stackWide("AwsSolutions-IAM5",
            "Snapshot objects are named at run time (tile and sequence): s3:PutObject only, under snapshots/ of the content bucket.",
            "/^Resource::<SiteContent[A-Z0-9]+\\.Arn>/snapshots/\\*$/"),
        Entry.stackWide("AwsSolutions-IAM5",
            "Timelapse results and job statuses are named at run time (a hash of the job's parameters): Get/PutObject "
                + "under timelapse/ and timelapse-jobs/ of the content bucket only, for the timelapse dispatcher and worker "
                + "(the dispatcher writes statuses only).",
            "/^Resource::<SiteContent[A-Z0-9]+\\.Arn>/timelapse(-jobs)?/\\*$/"),
        executionRole("Fanout"),
        executionRole("TimelapseTasks"),
        // The edge exists only with -c place:edge=true; its entries apply only then.
        executionRole("Edge"),
        new Entry("AwsSolutions-EC23",
            "The edge's load balancer is the public wss:// endpoint for browsers everywhere: 443 open to the internet is "
                + "its purpose; the tasks behind it accept only the load balancer's security group.",
            List.of(), "/Edge/LoadBalancerGroup/Resource"),
        new Entry("AwsSolutions-ELB2",
            "ALB access logs record one line per WebSocket when it closes (hours later), not per message; connection "
                + "counts, errors and latency come from the ALB's CloudWatch metrics and the edge's own. Enable logs to a "
                + "bucket when an audit needs them.",
            List.of(), "/Edge/LoadBalancer/Resource"));
  }

  private static Entry executionRole(String construct) {
    return new Entry("AwsSolutions-IAM5",
        "ECS task execution role: ecr:GetAuthorizationToken only supports Resource '*'; the image pull actions are "
            + "scoped to the asset repository.",
        List.of("Resource::*"), "/" + construct + "/Task/ExecutionRole/DefaultPolicy/Resource");
  }

  public static void apply(Stack stack) {
    java.util.Set<String> paths = new java.util.HashSet<>();
    stack.getNode().findAll().forEach(c -> paths.add("/" + c.getNode().getPath()));
    for (Entry e : entries()) {
      if (e.path() != null && !paths.contains("/" + stack.getNode().getPath() + e.path())) {
        continue; // an optional part of the stack (the edge) that this deployment does not have
      }
      NagPackSuppression.Builder s = NagPackSuppression.builder().id(e.rule()).reason(e.reason());
      if (!e.appliesTo().isEmpty()) {
        s.appliesTo(e.appliesTo().stream().<Object>map(NagSuppressionsCatalog::finding).toList());
      }
      if (e.path() == null) {
        NagSuppressions.addStackSuppressions(stack, List.of(s.build()), true);
      } else {
        NagSuppressions.addResourceSuppressionsByPath(stack, "/" + stack.getNode().getPath() + e.path(), List.of(s.build()));
      }
    }
  }

  private static Object finding(String appliesTo) {
    return appliesTo.startsWith("/") ? RegexAppliesTo.builder().regex(appliesTo).build() : appliesTo;
  }
}
