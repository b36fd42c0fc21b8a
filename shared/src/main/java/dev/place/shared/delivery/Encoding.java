package dev.place.shared.delivery;

/** How a connection receives batches, chosen in {@code hello} (docs/protocol.md). */
public enum Encoding {
  /** JSON text frames: readable by scripts and tools; the default. */
  JSON,
  /** The binary batch format: binary frames on the edge, base64 text through API Gateway. */
  BINARY;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Encoding parse(String text) {
    return "binary".equals(text) ? BINARY : JSON;
  }
}
