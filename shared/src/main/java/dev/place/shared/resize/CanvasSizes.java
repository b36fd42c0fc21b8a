package dev.place.shared.resize;

import dev.place.shared.redis.RedisConnector;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The canvas size in Redis ({@code place:canvas:size} = {@code "WIDTHxHEIGHT"}), so every handler,
 * the fanout and the snapshot publisher agree on it without a redeploy. It only grows: tiles are
 * full squares, so growing re-encodes nothing, while shrinking would orphan painted pixels.
 */
public final class CanvasSizes {

  public static final String KEY = "place:canvas:size";

  // Compare-and-grow in one step, so two admins growing at once cannot shrink each other's result.
  private static final String GROW = """
      local current = redis.call('GET', KEYS[1])
      local w, h = tonumber(ARGV[1]), tonumber(ARGV[2])
      if current then
        local cw, ch = string.match(current, '(%d+)x(%d+)')
        cw, ch = tonumber(cw), tonumber(ch)
        if cw > w then w = cw end
        if ch > h then h = ch end
      end
      local size = w .. 'x' .. h
      redis.call('SET', KEYS[1], size)
      return size
      """;

  private final RedisConnector redis;

  public CanvasSizes(RedisConnector redis) {
    this.redis = redis;
  }

  /** The stored size, if an admin ever grew the canvas. */
  public Optional<Size> read() {
    byte[] raw = redis.sync().get(KEY);
    return raw == null ? Optional.empty() : Optional.of(Size.parse(new String(raw, StandardCharsets.US_ASCII)));
  }

  /** Grows to at least {@code width × height} (a dimension never shrinks); returns the size now stored. */
  public Size grow(int width, int height) {
    if (width < 1 || height < 1 || width > 1 << 16 || height > 1 << 16) {
      throw new IllegalArgumentException("a canvas is 1 to 65536 pixels each way, got " + width + "x" + height);
    }
    // Plain EVAL: growing is a rare admin act, not worth caching the script.
    byte[] result = redis.sync().eval(GROW, ScriptOutputType.VALUE, new String[] {KEY},
        utf8(width), utf8(height));
    return Size.parse(new String(result, StandardCharsets.US_ASCII));
  }

  public record Size(int width, int height) {
    static Size parse(String text) {
      int x = text.indexOf('x');
      return new Size(Integer.parseInt(text.substring(0, x)), Integer.parseInt(text.substring(x + 1)));
    }
  }

  private static byte[] utf8(int value) {
    return Integer.toString(value).getBytes(StandardCharsets.UTF_8);
  }
}
