package dev.place.infra;

import java.util.List;
import software.amazon.awscdk.services.elasticache.CfnReplicationGroup;
import software.amazon.awscdk.services.elasticache.CfnSubnetGroup;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.constructs.Construct;

/**
 * ElastiCache (Valkey, Redis-compatible) in cluster mode: every tile key has a hash tag, so tiles
 * spread over shards while each tile's Lua script stays on one slot. TLS in transit, encryption
 * at rest, AUTH token, Multi-AZ with automatic failover.
 */
public final class RedisCluster extends Construct {

  private final CfnReplicationGroup group;

  public RedisCluster(Construct scope, String id, Network network, Secrets secrets, StackSettings settings) {
    super(scope, id);
    CfnSubnetGroup subnets = CfnSubnetGroup.Builder.create(this, "Subnets")
        .description("place: private subnets for Redis")
        .subnetIds(network.vpc().selectSubnets(network.privateSubnets()).getSubnets().stream().map(ISubnet::getSubnetId).toList())
        .build();
    group = CfnReplicationGroup.Builder.create(this, "ReplicationGroup")
        .replicationGroupDescription("place canvas, cooldowns, connection registry")
        .engine("valkey")
        .engineVersion("8.0")
        .cacheNodeType(settings.redisNodeType())
        .numNodeGroups(settings.redisShards())
        .replicasPerNodeGroup(settings.redisReplicasPerShard())
        .clusterMode("enabled")
        .cacheParameterGroupName("default.valkey8.cluster.on")
        .automaticFailoverEnabled(true)
        .multiAzEnabled(true)
        .transitEncryptionEnabled(true)
        .transitEncryptionMode("required")
        .atRestEncryptionEnabled(true)
        .authToken(secrets.redisAuth().getSecretValue().unsafeUnwrap())
        .port(Network.REDIS_PORT)
        .cacheSubnetGroupName(subnets.getRef())
        .securityGroupIds(List.of(network.redis().getSecurityGroupId()))
        .snapshotRetentionLimit(1)
        .build();
  }

  /** {@code rediss://:token@configuration-endpoint:port}: the URI form RedisConnector reads. */
  /** Without the AUTH token: clients read it from the secret (PLACE_REDIS_AUTH_TOKEN_ARN) or get it from ECS. */
  public String uri() {
    return "rediss://" + group.getAttrConfigurationEndPointAddress() + ":" + group.getAttrConfigurationEndPointPort();
  }
}
