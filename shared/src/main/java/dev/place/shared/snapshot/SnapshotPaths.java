package dev.place.shared.snapshot;

import dev.place.shared.canvas.TileId;

/**
 * Object names of published snapshots, relative to the snapshot base URL (the CDN path in AWS, the
 * local cloud's {@code /snapshots}). A tile version's name holds the tile and its sequence, so an
 * object never changes once written and can be cached for ever; only the index is mutable.
 */
public final class SnapshotPaths {

  /** The mutable index: the newest sequence of every tile. Cached about a second. */
  public static final String INDEX = "latest.json";
  /** Folder of the immutable tile versions. */
  public static final String TILES = "tiles";

  private SnapshotPaths() {}

  /**
   * {@code tiles/3-1/42.u4.gz}: tile 3:1 at sequence 42. A dash instead of the protocol's colon keeps
   * the name plain in S3 keys and URLs.
   */
  public static String tile(TileId tile, long seq) {
    return TILES + "/" + tile.tx() + "-" + tile.ty() + "/" + seq + ".u4.gz";
  }
}
