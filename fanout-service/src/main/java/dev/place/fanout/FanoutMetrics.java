package dev.place.fanout;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fanout's own metrics, written once a minute as one CloudWatch embedded-metric-format line
 * on standard output: the ECS log driver ships it to CloudWatch Logs, which extracts the
 * {@code Place/Fanout} metrics with no agent and no API call: {@code ConsumerLagMs}, {@code
 * PostSent}, {@code PostGone} and {@code PostThrottled} (which the stack scales and alarms on), and
 * how far connections fall behind: {@code PostRetried} (failed posts whose runs were sent again),
 * {@code CoalescedMessages} (messages made of a connection's merged backlog), {@code
 * LaggingConnections} (with a backlog when the line is written) and {@code MaxConnectionLagMs} (the
 * oldest update a connection was waiting for, or got, in the minute). A task that runs the edge also
 * writes {@code EdgeConnections}, its open client WebSockets at that moment: the stack scales the
 * edge service on its average over tasks (infra-cdk EdgeFront).
 */
final class FanoutMetrics {

  static final String NAMESPACE = "Place/Fanout";

  /**
   * What the API Gateway delivery reports: counters are cumulative totals, the last two are the
   * state now.
   */
  record Delivery(long sentTotal, long goneTotal, long throttledTotal, long retriedTotal, long coalescedTotal,
      int laggingConnections, long maxConnectionLagMillis) {
    static final Delivery NONE = new Delivery(0, 0, 0, 0, 0, 0, 0);
  }

  private final AtomicLong maxLagMillis = new AtomicLong();
  private Delivery reported = Delivery.NONE;

  /** How far behind the newest record of a poll was: now minus its produce timestamp. */
  void observeLag(long lagMillis) {
    maxLagMillis.accumulateAndGet(Math.max(0, lagMillis), Math::max);
  }

  /**
   * The line for the minute that ends now. Counters carry what changed since the previous line; the
   * consumer lag is the worst seen, then reset.
   */
  synchronized String report(long nowMillis, Delivery now) {
    return report(nowMillis, now, NO_EDGE);
  }

  /** No edge in this task: the line has no {@code EdgeConnections}. */
  static final int NO_EDGE = -1;

  /** @param edgeConnections the edge's open WebSockets now, or {@link #NO_EDGE} */
  synchronized String report(long nowMillis, Delivery now, int edgeConnections) {
    Delivery last = reported;
    reported = now;
    long lag = maxLagMillis.getAndSet(0);
    return "{\"_aws\":{\"Timestamp\":" + nowMillis + ",\"CloudWatchMetrics\":[{\"Namespace\":\"" + NAMESPACE + "\","
        + "\"Dimensions\":[[]],\"Metrics\":["
        + "{\"Name\":\"ConsumerLagMs\",\"Unit\":\"Milliseconds\"},"
        + "{\"Name\":\"PostSent\",\"Unit\":\"Count\"},"
        + "{\"Name\":\"PostGone\",\"Unit\":\"Count\"},"
        + "{\"Name\":\"PostThrottled\",\"Unit\":\"Count\"},"
        + "{\"Name\":\"PostRetried\",\"Unit\":\"Count\"},"
        + "{\"Name\":\"CoalescedMessages\",\"Unit\":\"Count\"},"
        + "{\"Name\":\"LaggingConnections\",\"Unit\":\"Count\"},"
        + "{\"Name\":\"MaxConnectionLagMs\",\"Unit\":\"Milliseconds\"}"
        + (edgeConnections == NO_EDGE ? "" : ",{\"Name\":\"EdgeConnections\",\"Unit\":\"Count\"}") + "]}]},"
        + "\"ConsumerLagMs\":" + lag
        + ",\"PostSent\":" + (now.sentTotal() - last.sentTotal())
        + ",\"PostGone\":" + (now.goneTotal() - last.goneTotal())
        + ",\"PostThrottled\":" + (now.throttledTotal() - last.throttledTotal())
        + ",\"PostRetried\":" + (now.retriedTotal() - last.retriedTotal())
        + ",\"CoalescedMessages\":" + (now.coalescedTotal() - last.coalescedTotal())
        + ",\"LaggingConnections\":" + now.laggingConnections()
        + ",\"MaxConnectionLagMs\":" + Math.max(0, now.maxConnectionLagMillis())
        + (edgeConnections == NO_EDGE ? "" : ",\"EdgeConnections\":" + edgeConnections) + "}";
  }

  void print(PrintStream out, String line) {
    // One write of one line: EMF needs each log event to be exactly the JSON document.
    out.println(line);
    out.flush();
  }
}
