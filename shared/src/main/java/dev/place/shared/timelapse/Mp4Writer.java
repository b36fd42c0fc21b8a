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

  /**
   * Small regions are enlarged towards this many output pixels on their longer side (a 64×64 region
   * becomes 512×512, not a postage stamp); large ones get the minimum scale, 2. Not more: the encoding
   * time grows with the output's pixels (×4 already at scale 2).
   */
  static final int TARGET_SIDE = 512;
  static final int MAX_SCALE = 8;

  private Mp4Writer() {}

  /**
   * Output pixels per canvas pixel along each side. H.264 here is YUV 4:2:0: one colour (chroma) sample
   * per 2×2 output pixels. Encoded 1:1, a lone pixel shares its sample with three neighbours and comes out
   * in a blend of their colours. Scaled by an even factor with nearest neighbour, every canvas pixel
   * covers whole chroma samples of its own, so every pixel's colour survives (EncodersTest decodes it).
   */
  public static int scale(Region region) {
    int longer = Math.max(region.width(), region.height());
    int fit = (TARGET_SIDE / longer) & ~1;
    return Math.max(2, Math.min(MAX_SCALE, fit));
  }

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
    return write(plan, fps, out, threads, progress, scale(plan.region()));
  }

  /** With an explicit even scale (tests use the minimum, 2, on small regions). */
  static int write(FramePlan plan, int fps, Path out, int threads, IntConsumer progress, int scale) throws IOException {
    if (scale < 2 || scale % 2 != 0) {
      throw new IllegalArgumentException("the scale is even and at least 2, got " + scale);
    }
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
        parts.add(pool.submit(() -> encodeRange(plan, scale, from, to, done, progress)));
      }
      try (SeekableByteChannel channel = NIOUtils.writableChannel(out.toFile())) {
        MP4Muxer muxer = MP4Muxer.createMP4MuxerToChannel(channel);
        Region r = plan.region();
        MuxerTrack track = muxer.addVideoTrack(Codec.H264,
            VideoCodecMeta.createSimpleVideoCodecMeta(new Size(r.width() * scale, r.height() * scale), ColorSpace.YUV420J));
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

  private static List<Encoded> encodeRange(FramePlan plan, int scale, int from, int to, AtomicInteger done,
      IntConsumer progress) throws IOException {
    Region r = plan.region();
    H264Encoder encoder = new H264Encoder(new ConstantQp(QP));
    encoder.setMotionSearchRange(0);
    encoder.setKeyInterval(KEY_INTERVAL);
    Picture picture = Picture.create(r.width() * scale, r.height() * scale, ColorSpace.YUV420J);
    YuvConverter yuv = new YuvConverter(r.width(), r.height(), scale, picture);
    // At a constant QP a frame of noise can exceed jcodec's estimate (sized for its own rate control);
    // twice the raw 4:2:0 size (1.5 bytes a pixel) is more than any frame takes.
    ByteBuffer buffer = ByteBuffer.allocate(Math.max(encoder.estimateBufferSize(picture), picture.getWidth() * picture.getHeight() * 2));
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

  /**
   * Palette indices to YUV 4:2:0 (full range, BT.601, jcodec's YUV420J with samples stored minus 128)
   * through per-colour tables, each canvas pixel as a {@code scale}×{@code scale} block (nearest
   * neighbour): no RGB image in between, and no chroma sample shared by two canvas pixels.
   */
  static final class YuvConverter {
    private static final byte[] Y = new byte[16];
    private static final byte[] U = new byte[16];
    private static final byte[] V = new byte[16];

    static {
      int[] rgb = PngWriter.rgb();
      for (int i = 0; i < 16; i++) {
        int r = (rgb[i] >> 16) & 0xFF;
        int g = (rgb[i] >> 8) & 0xFF;
        int b = rgb[i] & 0xFF;
        Y[i] = (byte) (clamp(Math.round(0.299 * r + 0.587 * g + 0.114 * b)) - 128);
        U[i] = (byte) (clamp(Math.round(-0.168736 * r - 0.331264 * g + 0.5 * b + 128)) - 128);
        V[i] = (byte) (clamp(Math.round(0.5 * r - 0.418688 * g - 0.081312 * b + 128)) - 128);
      }
    }

    private final int width;
    private final int height;
    private final int scale;
    private final int stride;
    private final int cStride;
    private final byte[] y;
    private final byte[] u;
    private final byte[] v;

    YuvConverter(int width, int height, int scale, Picture picture) {
      this.width = width;
      this.height = height;
      this.scale = scale;
      this.stride = picture.getPlaneWidth(0);
      this.cStride = picture.getPlaneWidth(1);
      this.y = picture.getPlaneData(0);
      this.u = picture.getPlaneData(1);
      this.v = picture.getPlaneData(2);
      // Macroblock padding, if the encoder adds any, stays white.
      java.util.Arrays.fill(y, Y[0]);
      java.util.Arrays.fill(u, U[0]);
      java.util.Arrays.fill(v, V[0]);
    }

    void convert(byte[] pixels) {
      int half = scale / 2;
      for (int row = 0; row < height; row++) {
        int in = row * width;
        // One output row per plane, then copied down to the block's other rows.
        int yRow = row * scale * stride;
        int cRow = row * half * cStride;
        for (int col = 0; col < width; col++) {
          int p = pixels[in + col];
          java.util.Arrays.fill(y, yRow + col * scale, yRow + (col + 1) * scale, Y[p]);
          java.util.Arrays.fill(u, cRow + col * half, cRow + (col + 1) * half, U[p]);
          java.util.Arrays.fill(v, cRow + col * half, cRow + (col + 1) * half, V[p]);
        }
        for (int k = 1; k < scale; k++) {
          System.arraycopy(y, yRow, y, yRow + k * stride, width * scale);
        }
        for (int k = 1; k < half; k++) {
          System.arraycopy(u, cRow, u, cRow + k * cStride, width * half);
          System.arraycopy(v, cRow, v, cRow + k * cStride, width * half);
        }
      }
    }

    /** The chroma jcodec stores for a palette colour (for tests that decode frames back). */
    static int[] yuv(int colour) {
      return new int[] {Y[colour], U[colour], V[colour]};
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
