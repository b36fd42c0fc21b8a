package dev.place.functions;

/**
 * Warms what a WebSocket handler's first real request would otherwise wait for and no harmless event
 * reaches: the Kafka producer of {@code place} (created by the first publish). The local cloud calls it
 * after priming its execution environments, as provisioned concurrency would have them ready in AWS
 * (docs/operations.md, "Cold starts"); it opens connections, so it belongs after a SnapStart restore,
 * never in the init phase.
 */
public final class Priming {

  private Priming() {}

  public static void warmEventPublisher() {
    Dependencies.get().events().warm();
  }
}
