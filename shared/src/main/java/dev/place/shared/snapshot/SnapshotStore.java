package dev.place.shared.snapshot;

import java.io.IOException;

/**
 * Where published snapshots go: S3 behind CloudFront in AWS, a directory served over HTTP locally.
 * Writes of one name must be atomic: a reader sees the old object or the new one, never a part.
 */
public interface SnapshotStore {

  /** Stores an immutable object (a tile version); writing an existing name again is harmless. */
  void putImmutable(String name, byte[] body) throws IOException;

  /** Replaces the mutable index. */
  void putIndex(String name, byte[] body) throws IOException;
}
