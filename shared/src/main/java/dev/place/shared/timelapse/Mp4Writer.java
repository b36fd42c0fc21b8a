package dev.place.shared.timelapse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.jcodec.codecs.h264.H264Encoder;
import org.jcodec.codecs.h264.encode.RateControl;
import org.jcodec.codecs.h264.io.model.SliceType;
import org.jcodec.common.Codec;
import org.jcodec.common.MuxerTrack;
import org.jcodec.common.VideoCodecMeta;
import org.jcodec.common.VideoEncoder;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Packet;
import org.jcodec.common.model.Picture;
import org.jcodec.common.model.Size;
import org.jcodec.containers.mp4.muxer.MP4Muxer;

/**
 * Encodes a {@link FramePlan} as H.264 in MP4 with jcodec (pure Java).
 *
 * <p>jcodec encodes one frame at a time on one thread (about 17 frames per CPU-second for a busy
 * 1000×1000 canvas with the settings below; docs/benchmarks.md), so the frames are
 * split into one contiguous range per worker: each replays the events up to its first frame on its
 * own buffer (cheap: applying an event is one array store) and encodes its range with its own
 * encoder, whose first frame is an IDR frame, so the ranges join into one valid stream.
 * Motion search is off: a canvas does not move, pixels only change colour, and the search was
 * 40 % of the encoding time for nothing.
 *
 * <p>Each worker keeps its encoded frames in memory until the muxer reaches its range (a busy
 * 1000×1000 frame is ~200 KB at QP 24): long high-resolution videos need heap accordingly.
 */
public final class Mp4Writer {

  /**
   * Constant quantiser: jcodec's default rate control re-encodes every macroblock that exceeds its
   * bit budget at a higher QP, which on a busy canvas means most of them twice. 24 keeps single
   * pixels of the 16 colours distinguishable.
   */
  static final int QP = Integer.getInteger("place.mp4.qp", 24);
  /** An IDR frame every 10 s at 25 fps: a frame of a busy canvas costs many times a P frame. */
  static final int KEY_INTERVAL = Integer.getInteger("place.mp4.keyInterval", 250);

  private Mp4Writer() {}

  private record ConstantQp(int qp) implements RateControl {
    @Override
    public int startPicture(org.jcodec.common.model.Size size, int maxSize, SliceType sliceType) {
      return qp;
    }

    @Override
    public int initialQpDelta() {
      return 0;
    }

    @Override
    public int accept(int bits) {
      return 0;
    }
  }

  /** The encoded ranges, in frame order. */
  private record Encoded(ByteBuffer data, boolean key) {}

  /**
   * @param progress called with the number of frames encoded so far, from any worker thread
   * @return the number of frames written
   */
  public static int write(FramePlan plan, int fps, Path out, int threads, IntConsumer progress) throws IOException {
    int frames = plan.frames();
    // A worker per core, but not for tiny videos: each range starts with a costly IDR frame.
    int workers = Math.max(1, Math.min(threads, frames / 25));
    ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "mp4-encoder");
      t.setDaemon(true);
      return t;
    });
    AtomicInteger done = new AtomicInteger();
    List<Future<List<Encoded>>> parts = new ArrayList<>();
    try {
      for (int w = 0; w < workers; w++) {
        int from = (int) ((long) frames * w / workers);
        int to = (int) ((long) frames * (w + 1) / workers);
        parts.add(pool.submit(() -> encodeRange(plan, from, to, done, progress)));
      }
      try (SeekableByteChannel channel = NIOUtils.writableChannel(out.toFile())) {
        MP4Muxer muxer = MP4Muxer.createMP4MuxerToChannel(channel);
        Region r = plan.region();
        MuxerTrack track = muxer.addVideoTrack(Codec.H264,
            VideoCodecMeta.createSimpleVideoCodecMeta(new Size(even(r.width()), even(r.height())), ColorSpace.YUV420J));
        int frame = 0;
        for (Future<List<Encoded>> part : parts) {
          for (Encoded e : get(part)) {
            track.addFrame(Packet.createPacket(e.data(), frame, fps, 1, frame,
                e.key() ? Packet.FrameType.KEY : Packet.FrameType.INTER, null));
            frame++;
          }
        }
        muxer.finish();
        return frame;
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Encoded> encodeRange(FramePlan plan, int from, int to, AtomicInteger done, IntConsumer progress)
      throws IOException {
    Region r = plan.region();
    H264Encoder encoder = new H264Encoder(new ConstantQp(QP));
    encoder.setMotionSearchRange(0);
    encoder.setKeyInterval(KEY_INTERVAL);
    Picture picture = Picture.create(even(r.width()), even(r.height()), ColorSpace.YUV420J);
    YuvConverter yuv = new YuvConverter(r.width(), r.height(), picture);
    // At a constant QP a frame of noise can exceed jcodec's estimate (sized for its own rate control).
    ByteBuffer buffer = ByteBuffer.allocate(Math.max(encoder.estimateBufferSize(picture), picture.getWidth() * picture.getHeight() * 4));
    List<Encoded> encoded = new ArrayList<>(to - from);
    plan.render(from, to, (index, pixels) -> {
      yuv.convert(pixels);
      buffer.clear();
      VideoEncoder.EncodedFrame frame = encoder.encodeFrame(picture, buffer);
      ByteBuffer data = frame.getData();
      ByteBuffer copy = ByteBuffer.allocate(data.remaining());
      copy.put(data).flip();
      encoded.add(new Encoded(copy, frame.isKeyFrame()));
      progress.accept(done.incrementAndGet());
    });
    return encoded;
  }

  private static <T> T get(Future<T> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  static int even(int n) {
    return (n + 1) & ~1;
  }

  /**
   * Palette indices to YUV 4:2:0 (full range, BT.601, jcodec's YUV420J with samples stored minus 128)
   * through per-colour tables: no RGB image in between.
   */
  static final class YuvConverter {
    private static final byte[] Y = new byte[16];
    private static final int[] U = new int[16];
    private static final int[] V = new int[16];

    static {
      int[] rgb = PngWriter.rgb();
      for (int i = 0; i < 16; i++) {
        int r = (rgb[i] >> 16) & 0xFF;
        int g = (rgb[i] >> 8) & 0xFF;
        int b = rgb[i] & 0xFF;
        Y[i] = (byte) (clamp(Math.round(0.299 * r + 0.587 * g + 0.114 * b)) - 128);
        U[i] = clamp(Math.round(-0.168736 * r - 0.331264 * g + 0.5 * b + 128)) - 128;
        V[i] = clamp(Math.round(0.5 * r - 0.418688 * g - 0.081312 * b + 128)) - 128;
      }
    }

    private final int width;
    private final int height;
    private final int stride;
    private final byte[] y;
    private final byte[] u;
    private final byte[] v;

    YuvConverter(int width, int height, Picture picture) {
      this.width = width;
      this.height = height;
      this.stride = picture.getPlaneWidth(0);
      this.y = picture.getPlaneData(0);
      this.u = picture.getPlaneData(1);
      this.v = picture.getPlaneData(2);
      // Padding (odd sizes) stays white.
      java.util.Arrays.fill(y, Y[0]);
      java.util.Arrays.fill(u, (byte) U[0]);
      java.util.Arrays.fill(v, (byte) V[0]);
    }

    void convert(byte[] pixels) {
      for (int row = 0; row < height; row++) {
        int in = row * width;
        int o = row * stride;
        for (int col = 0; col < width; col++) {
          y[o + col] = Y[pixels[in + col]];
        }
      }
      int cStride = stride / 2;
      for (int row = 0; row < height; row += 2) {
        int r2 = Math.min(row + 1, height - 1);
        for (int col = 0; col < width; col += 2) {
          int c2 = Math.min(col + 1, width - 1);
          int a = pixels[row * width + col];
          int b = pixels[row * width + c2];
          int c = pixels[r2 * width + col];
          int d = pixels[r2 * width + c2];
          int ci = (row / 2) * cStride + col / 2;
          u[ci] = (byte) ((U[a] + U[b] + U[c] + U[d]) >> 2);
          v[ci] = (byte) ((V[a] + V[b] + V[c] + V[d]) >> 2);
        }
      }
    }

    /** The luma jcodec stores for a palette colour (for tests that decode frames back). */
    static int luma(int colour) {
      return Y[colour];
    }

    private static int clamp(long n) {
      return (int) Math.max(0, Math.min(255, n));
    }
  }
}
