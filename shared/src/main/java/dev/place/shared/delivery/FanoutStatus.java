package dev.place.shared.delivery;

import java.util.List;

/**
 * What one fanout instance last said of itself, for the health route: when, how old the oldest update
 * it has not delivered to some connection is, and how far its Kafka consumer is behind the log.
 */
public record FanoutStatus(String instanceId, long reportedAtMillis, long deliveryLagMillis, long consumerLagRecords,
    int connections) {

  /** Past this an instance that said nothing is taken for gone. */
  public static final long FRESH_MILLIS = 5_000;
  /** Updates waiting longer than this mean delivery is failing, not merely busy. */
  public static final long MAX_DELIVERY_LAG_MILLIS = 5_000;
  /** A consumer this many records behind cannot deliver within the half-second promise. */
  public static final long MAX_CONSUMER_LAG_RECORDS = 20_000;

  public String encode() {
    return reportedAtMillis + "," + deliveryLagMillis + "," + consumerLagRecords + "," + connections;
  }

  public static FanoutStatus decode(String instanceId, String text) {
    String[] f = text.split(",");
    return new FanoutStatus(instanceId, Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]),
        Integer.parseInt(f[3]));
  }

  /** The verdict on the instances that reported lately: null when delivery is healthy, else why not. */
  public static String problem(List<FanoutStatus> fresh) {
    if (fresh.isEmpty()) {
      return "no fanout instance has reported in " + FRESH_MILLIS / 1000 + " s: nothing is delivering updates";
    }
    for (FanoutStatus s : fresh) {
      if (s.deliveryLagMillis() > MAX_DELIVERY_LAG_MILLIS) {
        return "fanout " + s.instanceId() + " has updates waiting " + s.deliveryLagMillis() + " ms for delivery";
      }
      if (s.consumerLagRecords() > MAX_CONSUMER_LAG_RECORDS) {
        return "fanout " + s.instanceId() + " reads the event log " + s.consumerLagRecords() + " records behind";
      }
    }
    return null;
  }
}
