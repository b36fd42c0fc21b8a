package dev.place.local.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The rollback benchmark's console lines, its markdown block in docs/benchmarks.md, and its plot. */
final class RollbackReport {

  static final String BEGIN = "<!-- rollback-bench:begin (written by local/bench-rollback) -->";
  static final String END = "<!-- rollback-bench:end -->";

  private RollbackReport() {}

  static String describe(RollbackBenchmark.Result r) {
    return String.format("%s: %s after %.1f s (planning %.1f s, writing %.1f s), %,d pixels changed, %,.0f restores/s"
            + " while writing; WebSocket place→placed while writing %s (idle %s); tile script while writing %s (idle %s);"
            + " journal left %d; restore batches in Redis over 1 ms: %d, p50/p99/max %s ms; preview %s; load %.1f→%.1f",
        r.mode(), r.state() + (r.error().isEmpty() ? "" : " (" + r.error() + ")"), r.totalSeconds(), r.planningSeconds(),
        r.writingSeconds(), r.pixelsChanged(), r.restoresPerSecond(),
        latency(r.socketLatency().get(RollbackBenchmark.Phase.WRITING)),
        latency(r.socketLatency().get(RollbackBenchmark.Phase.IDLE)),
        latency(r.scriptLatency().get(RollbackBenchmark.Phase.WRITING)),
        latency(r.scriptLatency().get(RollbackBenchmark.Phase.IDLE)), r.journalLeft(), r.holds().restoreMicros().length,
        holds(r.holds().restoreMicros()), preview(r.preview()), r.loadStart(), r.loadEnd());
  }

  /** "p50 / p99 / max ms (n)", or "-" without samples. */
  static String latency(LatencyHistogram h) {
    if (h.count() == 0) {
      return "-";
    }
    return String.format("%.0f / %.0f / %.0f (%,d)", h.percentileMillis(50), h.percentileMillis(99), h.maxMillis(), h.count());
  }

  static String markdown(List<RollbackBenchmark.Result> results, RollbackBenchmark.Options o) {
    StringBuilder md = new StringBuilder();
    md.append(String.format("Rectangle %d×%d at (%d, %d) (%d tiles of 256×256), filled with one user placement per pixel,"
            + " rolled back to a moment before the fill through `POST /api/v1/mod/rollbacks`; a fresh local cloud per"
            + " mode. Probes while it runs: %d WebSocket connections (one placement in flight each) and one direct"
            + " tile-script caller, all on the rectangle's pixels, %d ms between placements.%n%n",
        o.size(), o.size(), o.x(), o.y(), RollbackBenchmark.tiles(new dev.place.shared.canvas.CanvasGeometry(2000, 2000, 256),
            new dev.place.shared.timelapse.Region(o.x(), o.y(), o.size(), o.size())).size(), o.sockets(), o.probePauseMillis()));
    md.append("| restore publishing | state | time to done | planning (history reads) | writing | restores/s while writing |"
        + " restores/s overall | pixels changed | skipped as raced | batches | fill (placements/s) | history of the fill |"
        + " journal entries left | pixels left coloured (probe placements after the POST) | cloud JVM cores (+engines) | load avg |\n");
    md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
    for (RollbackBenchmark.Result r : results) {
      md.append(String.format("| %s | %s | **%.1f s** | %.1f s | %.1f s | **%,.0f** | %,.0f | %,d | %s | %s | %,.0f | %.0f s | %d | %,d (%,d) |"
              + " %.2f (+%.2f) | %.1f→%.1f |%n",
          r.mode(), r.state() + (r.error().isEmpty() ? "" : ": " + r.error().replace("|", "/")), r.totalSeconds(),
          r.planningSeconds(), r.writingSeconds(), r.restoresPerSecond(), r.pixelsChanged() / r.totalSeconds(),
          r.pixelsChanged(), r.skippedAsRaced() < 0 ? "-" : String.format("%,d", r.skippedAsRaced()),
          r.batches() < 0 ? "-" : String.format("%,d", r.batches()), r.pixels() / r.fillSeconds(), r.historySeconds(),
          r.journalLeft(), r.leftColoured(), r.probePlacedAfter(), r.cloudCores(), r.engineCores(), r.loadStart(),
          r.loadEnd()));
    }
    md.append("\nThe moderator's preview of the same rollback (`POST /api/v1/mod/previews`, before it) and how long Redis"
        + " itself ran each command slower than 1 ms while the action ran (its `SLOWLOG`: execution inside the"
        + " server, which is what an ordinary placement on the tile waits behind), p50 / p99 / max in ms:\n\n");
    md.append("| restore publishing | preview | restore batches over 1 ms (of all batches) | their p50 / p99 / max |"
        + " other commands over 1 ms | their p50 / p99 / max |\n");
    md.append("|---|---|---:|---|---:|---|\n");
    for (RollbackBenchmark.Result r : results) {
      RollbackBenchmark.RedisHolds h = r.holds();
      md.append(String.format("| %s | %s | %,d (%s) | %s | %,d | %s |%n", r.mode(), preview(r.preview()),
          h.restoreMicros().length, r.batches() < 0 ? "-" : String.format("%,d", r.batches()), holds(h.restoreMicros()),
          h.otherMicros().length, holds(h.otherMicros())));
    }
    md.append("\nOrdinary placements on the same tiles, p50 / p99 / max in ms (samples), by when they were sent:\n\n");
    md.append("| restore publishing | probe | idle (before the rollback) | planning | writing restores | errors |\n");
    md.append("|---|---|---|---|---|---|\n");
    for (RollbackBenchmark.Result r : results) {
      md.append(row(r.mode(), "WebSocket place → placed (API Gateway emulator, `place` Lambda)", r.socketLatency(),
          r.socketErrors().isEmpty() ? "0" : r.socketErrors().toString()));
      md.append(row(r.mode(), "tile script alone (one Redis `EVALSHA`)", r.scriptLatency(), "-"));
    }
    return md.toString();
  }

  static String preview(RollbackBenchmark.Preview p) {
    return p.status() == 200 ? String.format("%.1f s, %,d pixels", p.seconds(), p.pixelsChanged())
        : String.format("%d %s after %.1f s", p.status(), p.error(), p.seconds());
  }

  static String holds(long[] sortedMicros) {
    if (sortedMicros.length == 0) {
      return "-";
    }
    return String.format("%.1f / %.1f / %.1f", RollbackBenchmark.RedisHolds.percentile(sortedMicros, 50) / 1e3,
        RollbackBenchmark.RedisHolds.percentile(sortedMicros, 99) / 1e3, sortedMicros[sortedMicros.length - 1] / 1e3);
  }

  private static String row(String mode, String probe, Map<RollbackBenchmark.Phase, LatencyHistogram> h, String errors) {
    return String.format("| %s | %s | %s | %s | %s | %s |%n", mode, probe, latency(h.get(RollbackBenchmark.Phase.IDLE)),
        latency(h.get(RollbackBenchmark.Phase.PLANNING)), latency(h.get(RollbackBenchmark.Phase.WRITING)), errors);
  }

  /** Restores tried against seconds since the POST, one line per mode. */
  static void plot(List<RollbackBenchmark.Result> results, RollbackBenchmark.Options o, Path png) throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    for (RollbackBenchmark.Result r : results) {
      XYSeries s = new XYSeries(r.mode() + String.format(" (done after %.0f s)", r.totalSeconds()));
      s.add(0, 0);
      for (RollbackBenchmark.Progress p : r.progress()) {
        s.add(p.seconds(), p.done());
      }
      data.addSeries(s);
    }
    JFreeChart chart = ChartFactory.createXYLineChart(
        String.format("rollback of %d×%d pixels: restores tried over time (2 cores)", o.size(), o.size()),
        "seconds since POST /api/v1/mod/rollbacks", "restores tried (progress.done)", data, PlotOrientation.VERTICAL,
        true, false, false);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    Color[] colours = {new Color(0x88, 0x88, 0x88), new Color(0x00, 0x83, 0xC7), new Color(0xE5, 0x00, 0x00)};
    for (int i = 0; i < results.size(); i++) {
      renderer.setSeriesPaint(i, colours[i % colours.length]);
      renderer.setSeriesStroke(i, new BasicStroke(2.5f));
    }
    plot.setRenderer(renderer);
    Files.createDirectories(png.toAbsolutePath().getParent());
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 500);
  }

  /** Replaces the generated block of "Large rollbacks" (creating the section if missing); prose is kept. */
  static void writeSection(Path benchmarks, String report, String date) throws IOException {
    String doc = Files.readString(benchmarks);
    String block = BEGIN + "\n\nRun of " + date + ":\n\n" + report + "\n![restores tried over time](rollback.png)\n\n" + END;
    int begin = doc.indexOf(BEGIN);
    int end = doc.indexOf(END);
    if (begin >= 0 && end > begin) {
      doc = doc.substring(0, begin) + block + doc.substring(end + END.length());
    } else {
      doc = doc.stripTrailing() + "\n\n## Large rollbacks (`local/bench-rollback`)\n\n" + block + "\n";
    }
    Files.writeString(benchmarks, doc);
  }
}
