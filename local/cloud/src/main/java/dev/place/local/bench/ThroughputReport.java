package dev.place.local.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The throughput benchmark's Markdown block and plot in docs/benchmarks.md ("Placement throughput"). */
final class ThroughputReport {

  static final String BEGIN = "<!-- throughput-bench:begin (written by local/bench-throughput) -->";
  static final String END = "<!-- throughput-bench:end -->";

  private ThroughputReport() {}

  static String markdown(List<ThroughputBenchmark.Run> runs, RedisCeilings.Ceiling rawSet,
      RedisCeilings.Ceiling tileScript, HistoryIngest.Position drainStart, HistoryIngest.Position drained,
      double drainRate, PlacementAudit.Result audit, ThroughputBenchmark.Options o) {
    StringBuilder md = new StringBuilder();
    md.append(String.format("Closed loop: %d s per rung after %d s of warm-up, each connection keeping %d placements in"
        + " flight (one guest user per connection, cooldown 0, raised limits); open loop: %,d placements/s for %d s over"
        + " %d connections. Ceilings from this JVM over %d Lettuce connections, %d commands pipelined.%n%n",
        o.seconds(), o.warmupSeconds(), o.window(), o.openRate(), o.openSeconds(), o.openConnections(),
        rawSet.connections(), rawSet.pipeline()));
    md.append("| run | placements/s acknowledged | ratio to tile-script ceiling | p50 ms | p95 ms | p99 ms | max ms"
        + " | errors | cloud JVM cores (+engines) | client cores | history ingest events/s (lag at end) | load avg |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    md.append(String.format("| Redis ceiling: %s | %,.0f ops/s | - | - | - | - | - | - | - | - | - | - |%n",
        rawSet.what(), rawSet.opsPerSecond()));
    md.append(String.format("| Redis ceiling: %s | %,.0f ops/s | 1 | - | - | - | - | - | - | - | - | - |%n",
        tileScript.what(), tileScript.opsPerSecond()));
    for (ThroughputBenchmark.Run r : runs) {
      String errors = r.errors().isEmpty() ? "0" : r.errors().entrySet().stream()
          .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
      if (r.skipped() > 0) {
        errors += " (" + r.skipped() + " skipped: window full)";
      }
      md.append(String.format("| %s | %,.0f | %.3f | %.0f | %.0f | %.0f | %.0f | %s | %.2f (+%.2f) | %.2f | %,.0f (%,d) | %.1f→%.1f |%n",
          r.label(), r.rate(), r.rate() / tileScript.opsPerSecond(), r.latency().percentileMillis(50),
          r.latency().percentileMillis(95), r.latency().percentileMillis(99), r.latency().maxMillis(), errors,
          r.cloudCores(), r.engineCores(), r.clientCores(), r.historyRate(), r.historyLagEnd(), r.loadStart(),
          r.loadEnd()));
    }
    md.append(String.format("%nHistory writer after the runs: lag %,d events, %,d after %.0f s of catching up"
            + " (%,.0f events/s into Cassandra while catching up).%n%n",
        drainStart.lag(), drained.lag(), (drained.nanos() - drainStart.nanos()) / 1e9, drainRate));
    md.append("Audit: ").append(audit.describe()).append(audit.clean() ? "." : ": **NOT CLEAN**.").append('\n');
    return md.toString();
  }

  static void plot(List<ThroughputBenchmark.Run> runs, RedisCeilings.Ceiling tileScript, Path png) throws IOException {
    XYSeries acknowledged = new XYSeries("placements/s acknowledged end to end");
    XYSeries goal = new XYSeries("0.3 × tile-script ceiling (" + String.format("%,.0f", tileScript.opsPerSecond()) + "/s)");
    XYSeries target = new XYSeries("target 10,000/s");
    for (ThroughputBenchmark.Run r : runs) {
      if (r.openRate() == 0) {
        acknowledged.add(r.connections(), r.rate());
        goal.add(r.connections(), 0.3 * tileScript.opsPerSecond());
        target.add(r.connections(), 10_000);
      }
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(acknowledged);
    data.addSeries(goal);
    data.addSeries(target);
    JFreeChart chart = ChartFactory.createXYLineChart("placement throughput through the emulated API Gateway (2 cores)",
        "placing connections", "placements/s", data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    LogarithmicAxis x = new LogarithmicAxis("placing connections (log scale)");
    x.setAllowNegativesFlag(false);
    plot.setDomainAxis(x);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    renderer.setSeriesPaint(0, new Color(0x00, 0x83, 0xC7));
    renderer.setSeriesStroke(0, new BasicStroke(2.5f));
    renderer.setSeriesPaint(1, new Color(0x55, 0x55, 0x55));
    renderer.setSeriesStroke(1, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    renderer.setSeriesShapesVisible(1, false);
    renderer.setSeriesPaint(2, new Color(0xE5, 0x00, 0x00));
    renderer.setSeriesStroke(2, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 3f}, 0f));
    renderer.setSeriesShapesVisible(2, false);
    plot.setRenderer(renderer);
    Files.createDirectories(png.toAbsolutePath().getParent());
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 500);
  }

  /** Replaces the generated block of "Placement throughput" (creating the section if missing); prose is kept. */
  static void writeSection(Path benchmarks, String report, String date) throws IOException {
    String doc = Files.readString(benchmarks);
    String block = BEGIN + "\n\nRun of " + date + ":\n\n" + report + "\n![placements/s vs connections](throughput.png)\n\n" + END;
    int begin = doc.indexOf(BEGIN);
    int end = doc.indexOf(END);
    if (begin >= 0 && end > begin) {
      doc = doc.substring(0, begin) + block + doc.substring(end + END.length());
    } else {
      doc = doc.stripTrailing() + "\n\n## Placement throughput (`local/bench-throughput`)\n\n" + block + "\n";
    }
    Files.writeString(benchmarks, doc);
  }
}
