package dev.place.shared.timelapse;

import dev.place.shared.canvas.CanvasGeometry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * What to render: a region, a time range, frames per second and frame count, MP4 or GIF, with or
 * without moderation's restores. Its {@link #id()} is a hash of exactly these values, so the same
 * request twice names the same result (content-addressed) and a finished result is served again
 * instead of rendered again.
 */
public record TimelapseRequest(Region region, long fromMillis, long toMillis, int fps, int frames, Format format,
    Moderation moderation) {

  public enum Format {
    MP4("mp4", "video/mp4"),
    GIF("gif", "image/gif");

    public final String extension;
    public final String contentType;

    Format(String extension, String contentType) {
      this.extension = extension;
      this.contentType = contentType;
    }
  }

  /**
   * What a replay does with the restores moderation actions wrote (docs/moderation.md): {@code INCLUDE}
   * applies them like every other event, so each frame is the canvas as it was (the last one byte for
   * byte the live canvas); {@code EXCLUDE} skips them, so the video shows only what users placed (a
   * rolled-back grief stays on screen).
   */
  public enum Moderation {
    INCLUDE,
    EXCLUDE;

    public final String parameter = name().toLowerCase(Locale.ROOT);

    /** {@code include} or {@code exclude} (any case, as {@code format}). */
    public static Moderation parse(String text) {
      for (Moderation m : values()) {
        if (m.parameter.equals(text.trim().toLowerCase(Locale.ROOT))) {
          return m;
        }
      }
      throw new IllegalArgumentException("moderation must be include or exclude");
    }
  }

  public static final int MAX_FRAMES = 3600;
  public static final int MAX_FPS = 60;
  /** GIF has no inter-frame compression worth the name: only small regions. */
  public static final int MAX_GIF_PIXELS = 512 * 512;
  public static final int MAX_GIF_FRAMES = 600;
  /**
   * H.264's largest level (6.2) allows frames of 8192 pixels a side and 139 264 macroblocks
   * (35.6 megapixels); an MP4 frame is the region scaled by at least 2 (Mp4Writer.scale).
   */
  public static final int MAX_MP4_SIDE = 8192;
  public static final long MAX_MP4_PIXELS = 139_264L * 256;

  /** With moderation's restores, as the canvas was. */
  public TimelapseRequest(Region region, long fromMillis, long toMillis, int fps, int frames, Format format) {
    this(region, fromMillis, toMillis, fps, frames, format, Moderation.INCLUDE);
  }

  public TimelapseRequest {
    if (moderation == null) {
      throw new IllegalArgumentException("moderation must be include or exclude");
    }
    if (toMillis < fromMillis) {
      throw new IllegalArgumentException("'to' is before 'from'");
    }
    if (fps < 1 || fps > MAX_FPS) {
      throw new IllegalArgumentException("fps must be 1.." + MAX_FPS);
    }
    if (frames < 1 || frames > MAX_FRAMES) {
      throw new IllegalArgumentException("the video would have " + frames + " frames; allowed 1.." + MAX_FRAMES);
    }
    if (format == Format.MP4 && (Math.max(region.width(), region.height()) * 2 > MAX_MP4_SIDE
        || (long) region.pixels() * 4 > MAX_MP4_PIXELS)) {
      throw new IllegalArgumentException("an MP4 shows at most " + MAX_MP4_SIDE / 2 + " pixels a side and "
          + MAX_MP4_PIXELS / 4 + " pixels in all (every pixel becomes 2×2 so its colour survives H.264); ask for a smaller region");
    }
    if (format == Format.GIF && (region.pixels() > MAX_GIF_PIXELS || frames > MAX_GIF_FRAMES)) {
      throw new IllegalArgumentException("GIF is for regions up to " + MAX_GIF_PIXELS + " pixels and " + MAX_GIF_FRAMES
          + " frames; use format=mp4");
    }
  }

  /**
   * Parses query parameters: {@code x,y,w,h} (default: the whole canvas), {@code from}, {@code to}
   * (ISO-8601 instants or epoch ms; {@code to} defaults to now), {@code fps} (default 30), and the
   * length as one of {@code frames}, {@code seconds} (output length) or {@code speed} (real seconds per
   * video second; default: 10 s of video), {@code format} mp4 (default) or gif, {@code moderation}
   * include (default) or exclude.
   */
  public static TimelapseRequest parse(Map<String, String> q, CanvasGeometry canvas, long nowMillis) {
    Region region = new Region(
        integer(q, "x", 0), integer(q, "y", 0),
        integer(q, "w", canvas.width() - integer(q, "x", 0)), integer(q, "h", canvas.height() - integer(q, "y", 0)))
        .within(canvas);
    if (!q.containsKey("from")) {
      throw new IllegalArgumentException("missing 'from'");
    }
    long from = instant(q.get("from"), "from");
    long to = q.containsKey("to") ? instant(q.get("to"), "to") : nowMillis;

    int fps = integer(q, "fps", 30);
    int given = (q.containsKey("frames") ? 1 : 0) + (q.containsKey("seconds") ? 1 : 0) + (q.containsKey("speed") ? 1 : 0);
    if (given > 1) {
      throw new IllegalArgumentException("give one of frames, seconds, speed");
    }
    long frames;
    if (q.containsKey("frames")) {
      frames = integer(q, "frames", 0);
    } else if (q.containsKey("speed")) {
      double speed = number(q, "speed");
      frames = (long) Math.ceil((to - from) / 1000.0 / speed * fps) + 1;
    } else {
      frames = Math.round(number(q, "seconds", 10) * fps);
    }
    String format = q.getOrDefault("format", "mp4").toUpperCase(Locale.ROOT);
    Format f;
    try {
      f = Format.valueOf(format);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("format must be mp4 or gif");
    }
    Moderation moderation = q.containsKey("moderation") ? Moderation.parse(q.get("moderation")) : Moderation.INCLUDE;
    TimelapseRequest request = new TimelapseRequest(region, from, to, fps, (int) Math.min(frames, Integer.MAX_VALUE), f,
        moderation);
    if (to > nowMillis) {
      // A result is final (content-addressed, cached for ever), and the future has no history yet.
      throw new IllegalArgumentException("'to' is in the future; a timelapse shows only what has happened, up to now");
    }
    return request;
  }

  /** The content address: the same request always gets the same id. */
  public String id() {
    // v2: MP4 frames are scaled (Mp4Writer.scale); a v1 result of the same request was rendered 1:1.
    // moderation=include is what every v2 result was rendered as (all events applied), so its id is
    // unchanged and those results stay valid; exclude is a different video, so a different id.
    String canonical = "v2|" + region.x() + "|" + region.y() + "|" + region.width() + "|" + region.height() + "|" + fromMillis
        + "|" + toMillis + "|" + fps + "|" + frames + "|" + format
        + (moderation == Moderation.EXCLUDE ? "|moderation=exclude" : "");
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public String fileName() {
    return id() + "." + format.extension;
  }

  public long[] frameTimes() {
    return FramePlan.evenTimes(fromMillis, toMillis, frames);
  }

  private static int integer(Map<String, String> q, String name, int fallback) {
    String v = q.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number");
    }
  }

  private static double number(Map<String, String> q, String name, double fallback) {
    return q.containsKey(name) ? number(q, name) : fallback;
  }

  private static double number(Map<String, String> q, String name) {
    try {
      double d = Double.parseDouble(q.get(name).trim());
      if (!(d > 0) || Double.isInfinite(d)) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number");
    }
  }

  /** An ISO-8601 instant ({@code 2026-11-28T08:00:00Z}) or epoch milliseconds. */
  public static long instant(String text, String name) {
    String t = text.trim();
    try {
      if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
        return Long.parseLong(t);
      }
      return Instant.parse(t).toEpochMilli();
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an ISO-8601 instant or epoch milliseconds");
    }
  }
}
