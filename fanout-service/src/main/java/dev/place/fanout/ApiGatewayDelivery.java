package dev.place.fanout;

import dev.place.shared.delivery.DeliveryPreferences;
import dev.place.shared.delivery.Subscription;
import dev.place.shared.delivery.TileRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * API Gateway mode (docs/architecture.md, Fanout): the connections of the registry buckets this
 * instance leases get each interval's runs through PostToConnection. Connections with the same
 * preferences form a group that shares one encoding of the runs it subscribed to; a group with
 * nothing in its tiles is sent nothing.
 */
final class ApiGatewayDelivery implements BatchSink {

  private final OwnedConnections connections;
  private final Supplier<Set<Integer>> heldBuckets;
  private final GatewayMessages messages;
  private final ConnectionPusher pusher;
  private final Consumer<String> unregister;
  private final LongSupplier clock;

  ApiGatewayDelivery(OwnedConnections connections, Supplier<Set<Integer>> heldBuckets, GatewayMessages messages,
      ConnectionPusher pusher, Consumer<String> unregister, LongSupplier clock) {
    this.connections = connections;
    this.heldBuckets = heldBuckets;
    this.messages = messages;
    this.pusher = pusher;
    this.unregister = unregister;
    this.clock = clock;
  }

  @Override
  public void deliver(List<TileRun> runs) {
    long now = clock.getAsLong();
    for (Map.Entry<DeliveryPreferences, List<String>> group : connections.refresh(heldBuckets.get()).entrySet()) {
      DeliveryPreferences preferences = group.getKey();
      List<TileRun> wanted = filter(runs, preferences.subscription());
      if (wanted.isEmpty()) {
        continue;
      }
      OutboundMessage shared = messages.encode(preferences.encoding(), wanted, now);
      for (String connectionId : group.getValue()) {
        pusher.offer(connectionId, preferences.encoding(), shared);
      }
    }
  }

  @Override
  public void broadcast(String message) {
    connections.refresh(heldBuckets.get());
    pusher.broadcast(connections.all(), message);
  }

  /**
   * A bucket taken over from another instance joins the delivered ones: each of its connections first
   * gets {@code catchUp} (what it missed since the last holder's cut) in the tiles it subscribed to.
   *
   * @param deliverable the delivered buckets, {@code bucket} included
   * @param releasedSince when this instance first released what {@code catchUp} holds
   */
  void handOver(Set<Integer> deliverable, int bucket, List<TileRun> catchUp, long releasedSince) {
    connections.refresh(deliverable);
    if (catchUp.isEmpty()) {
      return;
    }
    connections.bucket(bucket).forEach((connectionId, preferences) -> {
      List<TileRun> wanted = filter(catchUp, preferences.subscription());
      if (!wanted.isEmpty()) {
        pusher.handOver(connectionId, preferences.encoding(), wanted, releasedSince);
      }
    });
  }

  /** Every interval, with updates or not: forgets gone connections and retries backed-off ones. */
  void maintain() {
    String connectionId;
    while ((connectionId = pusher.nextGone()) != null) {
      unregister.accept(connectionId);
    }
    pusher.resumeBackedOff();
  }

  /** After a lease change: connections of buckets no longer held are this instance's no more. */
  void retainOwned() {
    connections.refresh(heldBuckets.get());
    pusher.retainOnly(connections.all());
  }

  /** The connections of the buckets delivered to, as last read. */
  int ownedConnections() {
    return connections.all().size();
  }

  ConnectionPusher pusher() {
    return pusher;
  }

  private static List<TileRun> filter(List<TileRun> runs, Subscription subscription) {
    if (subscription.isAll()) {
      return runs;
    }
    List<TileRun> wanted = new ArrayList<>();
    for (TileRun run : runs) {
      if (subscription.wants(run.tile())) {
        wanted.add(run);
      }
    }
    return wanted;
  }
}
