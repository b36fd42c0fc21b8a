package dev.place.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * Builds every Lambda function the same way: one code asset (the handlers' lib/*.jar), Java 21
 * on arm64, in the private subnets, the shared configuration, JSON logs in a log group that goes
 * with the stack, SnapStart on published versions and a {@code live} alias that the APIs and
 * the event source mapping invoke (SnapStart only applies to published versions).
 */
public final class Functions extends Construct {

  public static final String ALIAS = "live";

  private final Code code;
  private final Network network;
  private final Map<String, String> environment;
  private final Permissions permissions;

  public Functions(Construct scope, String id, RepoLayout layout, Network network,
      Map<String, String> environment, Permissions permissions) {
    super(scope, id);
    this.code = Code.fromAsset(layout.lambdaAsset().toString());
    this.network = network;
    this.environment = environment;
    this.permissions = permissions;
  }

  /** A handler function behind its {@code live} alias, with the IAM its spec asks for. */
  public Alias handler(FunctionSpec spec, Integer reservedConcurrency) {
    return handler(spec, reservedConcurrency, Map.of());
  }

  /**
   * The same, with configuration for this function only (added to the shared map): references
   * to resources that themselves use the shared map would make it circular.
   */
  public Alias handler(FunctionSpec spec, Integer reservedConcurrency, Map<String, String> ownEnvironment) {
    Function fn = base(spec.id(), spec.handler(), spec.memoryMb(), Duration.seconds(29))
        .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
        .reservedConcurrentExecutions(reservedConcurrency)
        .build();
    ownEnvironment.forEach(fn::addEnvironment);
    permissions.readSecrets(fn);
    spec.access().forEach(a -> permissions.grant(fn, a));
    return Alias.Builder.create(this, spec.id() + "Live").aliasName(ALIAS).version(fn.getCurrentVersion()).build();
  }

  /**
   * A handler fed by an event source mapping whose invocations may run long (the moderation worker
   * applies a 500x500 rollback in one): as {@link #handler}, with Lambda's longest timeout.
   */
  public Alias queueWorker(FunctionSpec spec) {
    Function fn = base(spec.id(), spec.handler(), spec.memoryMb(), Duration.minutes(15))
        .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
        .build();
    permissions.readSecrets(fn);
    spec.access().forEach(a -> permissions.grant(fn, a));
    return Alias.Builder.create(this, spec.id() + "Live").aliasName(ALIAS).version(fn.getCurrentVersion()).build();
  }

  /**
   * A function invoked asynchronously (InvocationType=Event) on its {@code live} alias: no
   * SnapStart (a long job dwarfs its cold start), Lambda's longest timeout, a larger /tmp, and
   * no retries: a failed job is noticed by its stale status and restarted by the next request.
   */
  public Alias asyncWorker(FunctionSpec spec, Size ephemeralStorage, Duration maxEventAge) {
    Function fn = base(spec.id(), spec.handler(), spec.memoryMb(), Duration.minutes(15))
        .ephemeralStorageSize(ephemeralStorage)
        .build();
    spec.access().forEach(a -> permissions.grant(fn, a));
    return Alias.Builder.create(this, spec.id() + "Live").aliasName(ALIAS).version(fn.getCurrentVersion())
        .retryAttempts(0).maxEventAge(maxEventAge)
        .build();
  }

  /** A deployment-time function (custom resources): no alias, no SnapStart, longer timeout. */
  public Function plain(String id, String handler, Duration timeout) {
    return base(id, handler, 1024, timeout).build();
  }

  private Function.Builder base(String id, String handler, int memoryMb, Duration timeout) {
    LogGroup logs = LogGroup.Builder.create(this, id + "Logs")
        .retention(RetentionDays.ONE_MONTH).removalPolicy(RemovalPolicy.DESTROY).build();
    return Function.Builder.create(this, id)
        .runtime(Runtime.JAVA_21)
        .architecture(Architecture.ARM_64)
        .handler(handler)
        .code(code)
        .memorySize(memoryMb)
        .timeout(timeout)
        .environment(environment)
        .vpc(network.vpc())
        .vpcSubnets(network.privateSubnets())
        .securityGroups(List.of(network.functions()))
        .loggingFormat(LoggingFormat.JSON)
        .applicationLogLevelV2(ApplicationLogLevel.INFO)
        .systemLogLevelV2(SystemLogLevel.WARN)
        .logGroup(logs);
  }
}
