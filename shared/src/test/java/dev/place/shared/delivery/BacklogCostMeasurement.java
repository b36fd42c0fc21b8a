package dev.place.shared.delivery;

import dev.place.shared.canvas.TileId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What adding an interval's runs to a slow connection's backlog costs: a measurement, not a test.
 * One connection, {@code tiles} busy tiles, {@code perTile} new pixels in each every interval, the
 * backlog growing for 200 intervals without a send (up to 4,000 pixels a tile). Prints microseconds
 * per interval; multiply by the slow connections to get the fanout thread's cost per interval.
 *
 * <pre>
 * ./mvnw -B -o -q test-compile -pl shared
 * java -cp shared/target/test-classes:shared/target/classes dev.place.shared.delivery.BacklogCostMeasurement 10 20
 * </pre>
 */
final class BacklogCostMeasurement {

  private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

  private BacklogCostMeasurement() {}

  public static void main(String[] args) {
    int tiles = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int perTile = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    int intervals = 200;
    Random random = new Random(1);
    List<List<TileRun>> batches = new ArrayList<>();
    long[] seq = new long[tiles];
    for (int i = 0; i < intervals; i++) {
      List<TileRun> runs = new ArrayList<>();
      for (int t = 0; t < tiles; t++) {
        int[] px = new int[perTile];
        for (int k = 0; k < perTile; k++) {
          px[k] = TileRun.pixel(random.nextInt(65536), random.nextInt(16));
        }
        runs.add(TileRun.sequence(new TileId(t, 0), seq[t] + 1, px));
        seq[t] += perTile;
      }
      batches.add(runs);
    }
    for (int round = 0; round < 8; round++) {
      // CPU time of this thread: the machine these run on is shared, and wall time counts the waits.
      long began = CPU.getCurrentThreadCpuTime();
      int repetitions = 50;
      long sink = 0;
      for (int r = 0; r < repetitions; r++) {
        Backlog backlog = new Backlog();
        for (List<TileRun> runs : batches) {
          backlog.add(runs);
        }
        sink += backlog.drain().size();
      }
      double micros = (CPU.getCurrentThreadCpuTime() - began) / 1e3 / (repetitions * intervals);
      System.out.printf("round %d: %.1f µs CPU per interval (%d tiles × %d pixels, %d intervals, drain included; %d)%n",
          round, micros, tiles, perTile, intervals, sink);
    }
  }
}
