package dev.place.local.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/** The history ingest benchmark's Markdown table, its plot, and its block in docs/benchmarks.md. */
final class HistoryIngestReport {

  static final String BEGIN = "<!-- history-bench:begin (written by local/bench-history) -->";
  static final String END = "<!-- history-bench:end -->";
  static final String SECTION = "## History ingest (`local/bench-history`)";
  /** Issue 10's target for the writer on this machine. */
  static final int TARGET = 10_000;

  private HistoryIngestReport() {}

  static String table(List<HistoryIngestBenchmark.Result> results, List<HistoryIngestBenchmark.ReadResult> reads,
      HistoryIngestBenchmark.Options o, long hotEvents) {
    StringBuilder t = new StringBuilder();
    t.append(String.format("%,d events (%,d = %.0f %% on hot tile %s, the rest uniform over the canvas), produced to Kafka "
        + "(12 partitions) before each run; 3 rows per event (`pixel_events_by_day_v2`, `pixel_history`, `user_placements`); "
        + "Cassandra commit log in batch (fsync) mode.%n%n", o.events(), hotEvents, 100.0 * hotEvents / o.events(),
        HistoryIngestBenchmark.HOT));
    t.append("| path | events | events/s | rows/s | missing afterwards | failed writes / invocations | bench JVM CPU (cores) | Cassandra CPU (cores) | load avg | target ≥ 10,000/s |\n");
    t.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (HistoryIngestBenchmark.Result r : results) {
      boolean baseline = r.label().startsWith("baseline");
      t.append(String.format("| %s | %,d | **%,.0f** | %,.0f | %d | %d | %.2f | %.2f | %.1f→%.1f | %s |%n", r.label(), r.events(),
          r.eventsPerSecond(), r.rows() / r.seconds(), r.missing(), r.failures(), r.benchCores(), r.cassandraCores(),
          r.loadStart(), r.loadEnd(), baseline ? "-" : r.eventsPerSecond() >= TARGET && r.missing() == 0 ? "met" : "missed"));
    }
    t.append("\nRead back (the last writer's rows), a tile's whole history through `TileHistory.events` (64 bucket queries per day, in parallel):\n\n");
    t.append("| tile | events read | ms |\n|---|---|---|\n");
    for (HistoryIngestBenchmark.ReadResult r : reads) {
      t.append(String.format("| %s | %,d | %.1f |%n", r.tile(), r.events(), r.millis()));
    }
    return t.toString();
  }

  static void plot(List<HistoryIngestBenchmark.Result> results, Path png) throws IOException {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (HistoryIngestBenchmark.Result r : results) {
      String label = r.label().startsWith("baseline") ? "raw driver inserts"
          : r.label().replaceAll(".*batch (\\d+), concurrency (\\d+)", "writer batch $1 × $2");
      data.addValue(r.eventsPerSecond(), "events/s", label);
      data.addValue(TARGET, "target", label);
    }
    JFreeChart chart = ChartFactory.createBarChart("History ingest into Cassandra (2 cores)", null, "events/s", data,
        PlotOrientation.VERTICAL, true, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setSeriesPaint(0, new Color(0x00, 0x83, 0xC7));
    renderer.setSeriesPaint(1, new Color(0xCC, 0xCC, 0xCC));
    Files.createDirectories(png.toAbsolutePath().getParent());
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 450);
  }

  /** Replaces the generated block of the section (creating the section at the end if missing); prose around it is kept. */
  static void writeSection(Path benchmarks, String table, String date) throws IOException {
    String doc = Files.readString(benchmarks);
    String block = BEGIN + "\n\nRun of " + date + ":\n\n" + table + "\n![history ingest](history-ingest.png)\n\n" + END;
    int begin = doc.indexOf(BEGIN);
    int end = doc.indexOf(END);
    if (begin >= 0 && end > begin) {
      doc = doc.substring(0, begin) + block + doc.substring(end + END.length());
    } else {
      doc = doc.stripTrailing() + "\n\n" + SECTION + "\n\n" + block + "\n";
    }
    Files.writeString(benchmarks, doc);
  }
}
