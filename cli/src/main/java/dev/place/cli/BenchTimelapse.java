package dev.place.cli;

import dev.place.shared.canvas.TileId;
import dev.place.shared.timelapse.FramePlan;
import dev.place.shared.timelapse.Mp4Writer;
import dev.place.shared.timelapse.Region;
import dev.place.shared.timelapse.TileEvents;
import dev.place.shared.timelapse.TileState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jcodec.api.FrameGrab;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.model.Picture;

/**
 * The timelapse benchmark (docs/benchmarks.md): N synthetic placements (default 10 million) on a
 * W×W region (default 1000) over one hour, rendered to F frames (default 600) of H.264/MP4.
 * Reports, in one run: building the frame plan (bucketing events by frame), the baseline of
 * applying every event and producing every frame without encoding, and the full render with the
 * encoder, then decodes the first frame back as a validity check.
 *
 * <p>Synthetic placements are uniformly random pixels and colours: noise, the worst case for a video
 * encoder (a real canvas has large areas of one colour), so this is a lower bound on frames/s.
 */
public final class BenchTimelapse {

  public static void main(String[] args) throws Exception {
    long events = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    int size = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int frames = args.length > 2 ? Integer.parseInt(args[2]) : 600;
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
    int tileSize = 256;
    Region region = new Region(0, 0, size, size);
    long t0 = 1_764_316_800_000L; // 2025-11-28T08:00Z
    long span = 3_600_000L;

    System.out.printf("load average at start: %.2f (other processes on the machine slow the encoder)%n",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.out.printf("timelapse benchmark: %,d placements, %dx%d region, %d frames, %d encoder threads, %d cores%n",
        events, size, size, frames, threads, Runtime.getRuntime().availableProcessors());
    long g = System.nanoTime();
    Map<TileId, TileEvents> byTile = new HashMap<>();
    Map<TileId, long[]> seqs = new HashMap<>();
    int perTile = (int) (events / Math.max(1, region.tiles(tileSize).size()) + 16);
    SplittableRandom random = new SplittableRandom(42);
    for (long i = 0; i < events; i++) {
      int x = random.nextInt(size);
      int y = random.nextInt(size);
      TileId tile = new TileId(x / tileSize, y / tileSize);
      TileEvents t = byTile.computeIfAbsent(tile, k -> new TileEvents(k, perTile));
      long[] seq = seqs.computeIfAbsent(tile, k -> new long[1]);
      t.add(++seq[0], t0 + span * i / events, x, y, random.nextInt(16));
    }
    List<TileEvents> tileEvents = new ArrayList<>(byTile.values());
    List<TileState> starts = new ArrayList<>();
    System.out.printf("generated in %.1f s (not counted)%n", (System.nanoTime() - g) / 1e9);

    long[] times = FramePlan.evenTimes(t0, t0 + span, frames);
    long b = System.nanoTime();
    FramePlan plan = FramePlan.build(region, times, tileSize, starts, tileEvents);
    double build = (System.nanoTime() - b) / 1e9;
    System.out.printf("plan (bucket %,d events into %d frames): %.2f s, %,.0f events/s%n", plan.events(), frames, build,
        plan.events() / build);

    long a = System.nanoTime();
    long[] checksum = {0};
    plan.render((index, pixels) -> checksum[0] += pixels[index % pixels.length]);
    double apply = (System.nanoTime() - a) / 1e9;
    System.out.printf("baseline, apply only (every event, every frame, no encoding): %.2f s, %,.0f events/s applied, %.0f frames/s%n",
        apply, plan.events() / apply, frames / apply);

    Path out = Files.createTempFile("bench-timelapse", ".mp4");
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpu = os.getProcessCpuTime();
    long e = System.nanoTime();
    int written = Mp4Writer.write(plan, 30, out, threads, done -> { });
    double encode = (System.nanoTime() - e) / 1e9;
    System.out.printf("apply + H.264 encode + MP4 mux: %.1f s, %.1f frames/s encoded, %,.0f events/s end to end, %,d bytes%n",
        encode, written / encode, plan.events() / encode, Files.size(out));
    double cpuSeconds = (os.getProcessCpuTime() - cpu) / 1e9;
    System.out.printf("  CPU time of this process while encoding: %.1f s (%.1f frames per CPU-second); on %d idle cores that is"
        + " about %.1f s of wall time%n", cpuSeconds, written / cpuSeconds, Runtime.getRuntime().availableProcessors(),
        cpuSeconds / Math.min(threads, Runtime.getRuntime().availableProcessors()));
    System.out.printf("total (plan + render + encode): %.1f s (target < 60 s)%n", build + encode);

    System.out.printf("load average at end: %.2f%n",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    Picture first = FrameGrab.createFrameGrab(NIOUtils.readableChannel(out.toFile())).getNativeFrame();
    System.out.printf("decoded first frame back: %dx%d %s%n", first.getWidth(), first.getHeight(), first.getColor());
    Files.delete(out);
  }
}
