package dev.place.shared.timelapse;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntConsumer;

/** Renders a request to a file, reporting percent done (0..100). */
public final class TimelapseRenderer {

  private TimelapseRenderer() {}

  public static void render(HistorySource source, int tileSize, TimelapseRequest request, Path out, int threads,
      IntConsumer percent) throws IOException {
    render(source, TileSequences.UNCHECKED, tileSize, request, out, threads, percent);
  }

  /** @throws HistoryIncompleteException before anything is encoded, when the history lacks an event */
  public static void render(HistorySource source, TileSequences sequences, int tileSize, TimelapseRequest request,
      Path out, int threads, IntConsumer percent) throws IOException {
    percent.accept(0);
    FramePlan plan = Replays.plan(source, request.region(), tileSize, request.frameTimes(), sequences, request.moderation());
    // Loading is a tenth of the bar: reading history is the part that does not scale with frames.
    percent.accept(10);
    int frames = plan.frames();
    IntConsumer frameProgress = done -> percent.accept(10 + (int) (90L * done / frames));
    if (request.format() == TimelapseRequest.Format.MP4) {
      Mp4Writer.write(plan, request.fps(), out, threads, frameProgress);
    } else {
      try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(out));
           GifWriter gif = new GifWriter(stream, request.region().width(), request.region().height(), request.fps())) {
        plan.render((index, pixels) -> {
          gif.frame(pixels);
          frameProgress.accept(index + 1);
        });
      }
    }
    percent.accept(100);
  }
}
