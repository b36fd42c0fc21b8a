package dev.place.local.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The delivery benchmark's Markdown table, its plot, and its section of docs/benchmarks.md. */
final class DeliveryReport {

  static final String BEGIN = "<!-- delivery-bench:begin (written by local/bench-delivery) -->";
  static final String END = "<!-- delivery-bench:end -->";

  private DeliveryReport() {}

  static String table(List<DeliveryBenchmark.Result> results, DeliveryBenchmark.Options o) {
    StringBuilder t = new StringBuilder();
    t.append(String.format("%d placements/s for %d s per run (after %d s of warm-up), %d placer connections, "
        + "fanout interval 100 ms, %d client event-loop threads.%n%n", o.rate(), o.seconds(), o.warmupSeconds(),
        o.placers(), o.clientThreads()));
    t.append("| mode | watchers | placements/s acknowledged | p50 ms | p95 ms | p99 ms | max ms | never delivered | bytes/pixel (+WS header) "
        + "| frames/s | server CPU (cores) | µs server CPU / frame | heap / idle conn | client CPU (cores) "
        + "| load avg | target |\n");
    t.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    Map<DeliveryBenchmark.Mode, DeliveryBenchmark.Result> floors = new LinkedHashMap<>();
    for (DeliveryBenchmark.Result r : results) {
      if (r.watchers() == 0) {
        floors.put(r.mode(), r);
        t.append(String.format("| %s, no watchers (the placement floor) | 0 | %,.0f | - | - | - | - | - | - | - | %s | - | - "
                + "| %.2f | %.1f→%.1f | place→placed p50 %.0f, p99 %.0f ms |%n", r.mode().label, r.acknowledgedRate(), cpu(r), r.clientCores(),
            r.loadStart(), r.loadEnd(), r.toPlaced().percentileMillis(50), r.toPlaced().percentileMillis(99)));
        continue;
      }
      DeliveryBenchmark.Result floor = floors.get(r.mode());
      DeliveryLedger.Totals x = r.totals();
      String watchers = r.connected() == r.watchers() ? String.format("%,d", r.watchers())
          : String.format("%,d (%,d connected)", r.watchers(), r.connected());
      String never = String.format("%d of %,d", x.undelivered(), x.expected)
          + (x.resynced > 0 ? String.format(" (%d resync)", x.resynced) : "");
      String bytes = x.pixels == 0 ? "-" : String.format("%.2f (+%.2f) %s", (double) x.payloadBytes / x.pixels,
          (double) x.headerBytes / x.pixels, r.encoding());
      String perFrame = Double.isNaN(r.serverCpuMicrosPerFrame()) ? "-" : String.format("%.1f", r.serverCpuMicrosPerFrame());
      if (floor != null && r.framesInWindow() > 0) {
        double net = (r.serverCores() - floor.serverCores()) * r.seconds() * 1e6 / r.framesInWindow();
        perFrame += String.format(" (%.1f above floor)", net);
      }
      String heap = Double.isNaN(r.heapBytesPerConnection()) ? "-" : String.format("%,.0f B", r.heapBytesPerConnection());
      String target = String.format("p99 ≤ %d: %s", r.mode().targetP99Millis,
          r.metTarget() ? "met" : r.failedBadly() ? "**missed badly**" : "missed");
      t.append(String.format("| %s | %s | %,.0f | %.0f | %.0f | %.0f | %.0f | %s | %s | %,.0f | %s | %s | %s | %.2f | %.1f→%.1f | %s |%n",
          r.mode().label, watchers, r.acknowledgedRate(), x.latencies.percentileMillis(50), x.latencies.percentileMillis(95),
          x.latencies.percentileMillis(99), x.latencies.maxMillis(), never, bytes, r.framesInWindow() / r.seconds(),
          cpu(r), perFrame, heap, r.clientCores(), r.loadStart(), r.loadEnd(), target));
    }
    return t.toString();
  }

  private static String cpu(DeliveryBenchmark.Result r) {
    return r.mode() == DeliveryBenchmark.Mode.BASELINE ? String.format("%.2f", r.serverCores())
        : String.format("%.2f (+%.2f engines)", r.serverCores(), r.enginesCores());
  }

  static void plot(List<DeliveryBenchmark.Result> results, Path png) throws IOException {
    Map<DeliveryBenchmark.Mode, XYSeries> series = new LinkedHashMap<>();
    for (DeliveryBenchmark.Result r : results) {
      if (r.watchers() > 0 && r.totals().latencies.count() > 0) {
        series.computeIfAbsent(r.mode(), m -> new XYSeries(m.label)).add(r.watchers(), r.p99());
      }
    }
    XYSeriesCollection data = new XYSeriesCollection();
    series.values().forEach(data::addSeries);
    JFreeChart chart = ChartFactory.createXYLineChart("placed → visible p99 (1,000 placements/s scheduled, 2 cores)",
        "watchers", "p99 ms", data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    LogarithmicAxis x = new LogarithmicAxis("watchers (log scale)");
    x.setAllowNegativesFlag(false);
    plot.setDomainAxis(x);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    Color[] colours = {new Color(0x55, 0x55, 0x55), new Color(0x00, 0x83, 0xC7), new Color(0xE5, 0x00, 0x00)};
    int i = 0;
    for (DeliveryBenchmark.Mode m : series.keySet()) {
      renderer.setSeriesPaint(i, colours[m.ordinal() % colours.length]);
      renderer.setSeriesStroke(i, new BasicStroke(2f));
      i++;
    }
    plot.setRenderer(renderer);
    Files.createDirectories(png.toAbsolutePath().getParent());
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 500);
  }

  /**
   * Replaces the generated block of the "Delivery at scale" section (creating the section at the
   * end if it is missing); the prose around the block is written by hand and kept.
   */
  static void writeSection(Path benchmarks, String table, String date) throws IOException {
    String doc = Files.readString(benchmarks);
    String block = BEGIN + "\n\nRun of " + date + ":\n\n" + table + "\n![p99 vs watchers](delivery-p99.png)\n\n" + END;
    int begin = doc.indexOf(BEGIN);
    int end = doc.indexOf(END);
    if (begin >= 0 && end > begin) {
      doc = doc.substring(0, begin) + block + doc.substring(end + END.length());
    } else {
      doc = doc.stripTrailing() + "\n\n## Delivery at scale (`local/bench-delivery`)\n\n" + block + "\n";
    }
    Files.writeString(benchmarks, doc);
  }
}
