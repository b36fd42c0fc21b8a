package dev.place.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.lambda.Alias;
import software.constructs.Construct;

/**
 * Alarms and one dashboard: place errors and latency, consumer lag (fanout and history writer),
 * PostToConnection 410/429 rates, Lambda throttles. Alarms have no actions: subscribe them to
 * your paging in the console or add an SNS action (docs/deploy.md).
 */
public final class Monitoring extends Construct {

  private final Dashboard dashboard;
  private final List<Alarm> alarms = new ArrayList<>();

  public Monitoring(Construct scope, String id, Alias place, Alias historyWriter, List<Alias> all, StackSettings settings) {
    super(scope, id);
    Duration minute = Duration.minutes(1);
    Metric placeErrors = place.metricErrors(MetricOptions.builder().period(minute).statistic("Sum").build());
    Metric placeP99 = place.metricDuration(MetricOptions.builder().period(minute).statistic("p99").build());
    alarm("PlaceErrors", placeErrors, 5, 1, "place handler errors (crashes, not rejected placements)");
    alarm("PlaceLatencyP99", placeP99, 500, 3, "place p99 duration above 500 ms for 3 minutes");

    Metric fanoutLag = FanoutService.lag();
    alarm("FanoutLag", fanoutLag, settings.fanoutIntervalMs() * 10, 3, "fanout is more than 10 intervals behind the log");
    Metric historyLag = Metric.Builder.create().namespace("AWS/Lambda").metricName("OffsetLag")
        .dimensionsMap(Map.of("FunctionName", historyWriter.getVersion().getLambda().getFunctionName()))
        .statistic("Maximum").period(minute).build();
    alarm("HistoryLag", historyLag, 100_000, 5, "history writer more than 100K records behind");

    MathExpression throttledRate = rate("throttled", FanoutService.THROTTLED_METRIC);
    MathExpression goneRate = rate("gone", FanoutService.GONE_METRIC);
    alarm("PostThrottledRate", throttledRate, 1, 3, "more than 1 % of PostToConnection calls answered 429 (account @connections throttle)");
    alarm("PostGoneRate", goneRate, 20, 5, "more than 20 % of PostToConnection calls answered 410 (connections vanishing)");

    List<IMetric> throttles = new ArrayList<>();
    for (Alias fn : all) {
      Metric t = fn.metricThrottles(MetricOptions.builder().period(minute).statistic("Sum").build());
      throttles.add(t);
      alarm(fn.getNode().getId().replace("Live", "") + "Throttles", t, 1, 1, "Lambda throttled " + fn.getNode().getId());
    }

    dashboard = Dashboard.Builder.create(this, "Dashboard").dashboardName(scope.getNode().getId() + "-place").build();
    dashboard.addWidgets(
        graph("place errors", List.of(placeErrors)),
        graph("place latency p99 (ms)", List.of(placeP99)),
        graph("consumer lag: fanout (ms), history (records)", List.of(fanoutLag, historyLag)));
    dashboard.addWidgets(
        graph("PostToConnection 410 / 429 (%)", List.of(goneRate, throttledRate)),
        graph("Lambda throttles", throttles));
  }

  private static MathExpression rate(String label, String metric) {
    return MathExpression.Builder.create()
        .expression("100 * " + label + " / MAX([sent, 1])")
        .usingMetrics(Map.of(label, FanoutService.metric(metric, "Sum"), "sent", FanoutService.metric(FanoutService.SENT_METRIC, "Sum")))
        .label(label + " %").period(Duration.minutes(1)).build();
  }

  private void alarm(String id, IMetric metric, double threshold, int periods, String description) {
    alarms.add(Alarm.Builder.create(this, id)
        .alarmDescription("place: " + description)
        .metric(metric).threshold(threshold).evaluationPeriods(periods)
        .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
        .treatMissingData(TreatMissingData.NOT_BREACHING)
        .build());
  }

  private static GraphWidget graph(String title, List<IMetric> metrics) {
    return GraphWidget.Builder.create().title(title).left(metrics).width(8).build();
  }

  public List<Alarm> alarms() {
    return alarms;
  }
}
