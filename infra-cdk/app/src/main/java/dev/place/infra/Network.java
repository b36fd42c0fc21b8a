package dev.place.infra;

import java.util.List;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IInterfaceVpcEndpointService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.RemovalPolicy;
import software.constructs.Construct;

/**
 * The VPC and one security group per tier. Lambda, ElastiCache, MSK and ECS live in private
 * subnets. VPC endpoints carry the AWS traffic that would otherwise cross the NAT gateway (image
 * pulls, logs, secrets, Keyspaces, STS and Lambda for the MSK event source mapping); the NAT
 * gateway remains only for {@code @connections} calls, because an execute-api endpoint with
 * private DNS would hide this public WebSocket API from the VPC.
 */
public final class Network extends Construct {

  /** Redis (ElastiCache cluster mode, TLS) and MSK IAM (SASL_SSL) listener ports. */
  public static final int REDIS_PORT = 6379;
  public static final int MSK_IAM_PORT = 9098;

  private final Vpc vpc;
  private final SecurityGroup functions;
  private final SecurityGroup fanout;
  private final SecurityGroup redis;
  private final SecurityGroup kafka;
  private final SecurityGroup timelapse;

  public Network(Construct scope, String id, StackSettings settings) {
    super(scope, id);
    vpc = Vpc.Builder.create(this, "Vpc")
        .availabilityZones(settings.availabilityZones())
        .natGateways(settings.natGateways())
        .subnetConfiguration(List.of(
            SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).cidrMask(24).build(),
            SubnetConfiguration.builder().name("private").subnetType(SubnetType.PRIVATE_WITH_EGRESS).cidrMask(20).build()))
        .build();
    LogGroup flowLogs = LogGroup.Builder.create(this, "FlowLogs")
        .retention(RetentionDays.ONE_MONTH).removalPolicy(RemovalPolicy.DESTROY).build();
    vpc.addFlowLog("FlowLog", FlowLogOptions.builder().destination(FlowLogDestination.toCloudWatchLogs(flowLogs)).build());
    addEndpoints();

    functions = group("Functions", "Lambda functions");
    fanout = group("Fanout", "fanout service tasks");
    redis = group("Redis", "ElastiCache replication group");
    kafka = group("Kafka", "MSK Serverless cluster");
    // Reaches only AWS APIs (Keyspaces, S3, ECR, logs through the endpoints): no Redis or Kafka ingress.
    timelapse = group("Timelapse", "timelapse render tasks");
    for (SecurityGroup client : List.of(functions, fanout)) {
      redis.addIngressRule(client, Port.tcp(REDIS_PORT), "Redis over TLS");
      kafka.addIngressRule(client, Port.tcp(MSK_IAM_PORT), "Kafka, IAM over TLS");
    }
  }

  private void addEndpoints() {
    vpc.addGatewayEndpoint("S3", GatewayVpcEndpointOptions.builder().service(GatewayVpcEndpointAwsService.S3).build());
    List<IInterfaceVpcEndpointService> services = List.of(
        InterfaceVpcEndpointAwsService.ECR, InterfaceVpcEndpointAwsService.ECR_DOCKER,
        InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS, InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
        InterfaceVpcEndpointAwsService.KEYSPACES, InterfaceVpcEndpointAwsService.STS,
        InterfaceVpcEndpointAwsService.LAMBDA);
    int i = 0;
    for (IInterfaceVpcEndpointService service : services) {
      vpc.addInterfaceEndpoint("Endpoint" + (i++), InterfaceVpcEndpointOptions.builder()
          .service(service).privateDnsEnabled(true).subnets(privateSubnets()).build());
    }
  }

  private SecurityGroup group(String id, String what) {
    return SecurityGroup.Builder.create(this, id).vpc(vpc)
        .description("place: " + what).allowAllOutbound(true).build();
  }

  public SubnetSelection privateSubnets() {
    return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build();
  }

  public Vpc vpc() {
    return vpc;
  }

  public SecurityGroup functions() {
    return functions;
  }

  public SecurityGroup fanout() {
    return fanout;
  }

  public SecurityGroup timelapse() {
    return timelapse;
  }

  public SecurityGroup redis() {
    return redis;
  }

  public SecurityGroup kafka() {
    return kafka;
  }
}
