package dev.place.fanout;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fanout's own metrics, written once a minute as one CloudWatch embedded-metric-format line
 * on standard output: the ECS log driver ships it to CloudWatch Logs, which extracts
 * {@code Place/Fanout} {@code ConsumerLagMs}, {@code PostSent}, {@code PostGone} and
 * {@code PostThrottled} (the metrics the stack scales and alarms on) with no agent and no API call.
 */
final class FanoutMetrics {

  static final String NAMESPACE = "Place/Fanout";

  private final AtomicLong maxLagMillis = new AtomicLong();
  private long reportedSent;
  private long reportedGone;
  private long reportedThrottled;

  /** How far behind the newest record of a poll was: now minus its produce timestamp. */
  void observeLag(long lagMillis) {
    maxLagMillis.accumulateAndGet(Math.max(0, lagMillis), Math::max);
  }

  /**
   * The line for the minute that ends now. Counters are cumulative totals from the pusher; the
   * line carries what changed since the previous line. The lag is the worst seen, then reset.
   */
  synchronized String report(long nowMillis, long sentTotal, long goneTotal, long throttledTotal) {
    long sent = sentTotal - reportedSent;
    long gone = goneTotal - reportedGone;
    long throttled = throttledTotal - reportedThrottled;
    reportedSent = sentTotal;
    reportedGone = goneTotal;
    reportedThrottled = throttledTotal;
    long lag = maxLagMillis.getAndSet(0);
    return "{\"_aws\":{\"Timestamp\":" + nowMillis + ",\"CloudWatchMetrics\":[{\"Namespace\":\"" + NAMESPACE + "\","
        + "\"Dimensions\":[[]],\"Metrics\":["
        + "{\"Name\":\"ConsumerLagMs\",\"Unit\":\"Milliseconds\"},"
        + "{\"Name\":\"PostSent\",\"Unit\":\"Count\"},"
        + "{\"Name\":\"PostGone\",\"Unit\":\"Count\"},"
        + "{\"Name\":\"PostThrottled\",\"Unit\":\"Count\"}]}]},"
        + "\"ConsumerLagMs\":" + lag + ",\"PostSent\":" + sent + ",\"PostGone\":" + gone
        + ",\"PostThrottled\":" + throttled + "}";
  }

  void print(PrintStream out, String line) {
    // One write of one line: EMF needs each log event to be exactly the JSON document.
    out.println(line);
    out.flush();
  }
}
