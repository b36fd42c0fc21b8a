package dev.place.infra;

import java.util.List;
import software.constructs.Node;

/**
 * Everything an operator may tune at deploy time, read from CDK context ({@code cdk.json} or
 * {@code cdk deploy -c place:cooldownSeconds=60}). Context rather than CloudFormation parameters:
 * sizes such as the Redis shard count decide which resources exist, which parameters cannot do.
 */
public record StackSettings(
    int canvasWidth,
    int canvasHeight,
    int cooldownSeconds,
    int fanoutIntervalMs,
    int fanoutMinTasks,
    int fanoutMaxTasks,
    int placeReservedConcurrency,
    int redisShards,
    int redisReplicasPerShard,
    String redisNodeType,
    int natGateways,
    List<String> availabilityZones) {

  public StackSettings {
    if (fanoutMinTasks < 1 || fanoutMaxTasks < fanoutMinTasks) {
      throw new IllegalArgumentException("need 1 <= place:fanoutMinTasks <= place:fanoutMaxTasks");
    }
    if (redisReplicasPerShard < 1) {
      // Multi-AZ automatic failover needs a replica in every shard.
      throw new IllegalArgumentException("place:redisReplicasPerShard must be at least 1");
    }
    if (availabilityZones.size() < 2) {
      throw new IllegalArgumentException("MSK Serverless and ElastiCache Multi-AZ need at least two availability zones");
    }
  }

  /** The defaults, sized in docs/deploy.md for about 100K connections. */
  public static StackSettings defaults(String region) {
    return new StackSettings(2000, 2000, 300, 100, 2, 20, 500, 2, 1, "cache.r7g.large", 1,
        List.of(region + "a", region + "b"));
  }

  public static StackSettings fromContext(Node node, String region) {
    StackSettings d = defaults(region);
    return new StackSettings(
        integer(node, "canvasWidth", d.canvasWidth()),
        integer(node, "canvasHeight", d.canvasHeight()),
        integer(node, "cooldownSeconds", d.cooldownSeconds()),
        integer(node, "fanoutIntervalMs", d.fanoutIntervalMs()),
        integer(node, "fanoutMinTasks", d.fanoutMinTasks()),
        integer(node, "fanoutMaxTasks", d.fanoutMaxTasks()),
        integer(node, "placeReservedConcurrency", d.placeReservedConcurrency()),
        integer(node, "redisShards", d.redisShards()),
        integer(node, "redisReplicasPerShard", d.redisReplicasPerShard()),
        text(node, "redisNodeType", d.redisNodeType()),
        integer(node, "natGateways", d.natGateways()),
        zones(node, d.availabilityZones()));
  }

  private static int integer(Node node, String key, int fallback) {
    Object value = node.tryGetContext("place:" + key);
    // -c on the command line gives strings, cdk.json gives numbers.
    return value == null ? fallback : Integer.parseInt(value.toString().trim());
  }

  private static String text(Node node, String key, String fallback) {
    Object value = node.tryGetContext("place:" + key);
    return value == null ? fallback : value.toString();
  }

  private static List<String> zones(Node node, List<String> fallback) {
    Object value = node.tryGetContext("place:availabilityZones");
    if (value == null) {
      return fallback;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(Object::toString).toList();
    }
    return List.of(value.toString().split(","));
  }
}
